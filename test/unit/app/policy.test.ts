/** The pure security policy of the desktop shell (src/main/app/policy.ts). */
import { describe, expect, it } from 'vitest';
import { appUrlMatcher, contentSecurityPolicy, metaContentSecurityPolicy } from '../../../src/main/app/policy';

function directives(policy: string): Map<string, string> {
  return new Map(policy.split(';').map((part) => {
    const [name = '', ...values] = part.trim().split(/\s+/);
    return [name, values.join(' ')] as const;
  }));
}

describe('content security policy', () => {
  it('runs only the app’s own scripts: no inline script, no eval', () => {
    const csp = directives(contentSecurityPolicy);
    expect(csp.get('default-src')).toBe("'none'");
    expect(csp.get('script-src')).toBe("'self'");
    expect(contentSecurityPolicy).not.toMatch(/unsafe-eval|wasm-unsafe-eval|\*/);
    expect(csp.get('object-src')).toBe("'none'");
    expect(csp.get('frame-ancestors')).toBe("'none'");
  });

  it('the <meta> form is the same policy minus frame-ancestors (ignored in <meta>)', () => {
    const header = directives(contentSecurityPolicy);
    header.delete('frame-ancestors');
    expect(directives(metaContentSecurityPolicy)).toEqual(header);
  });
});

describe('appUrlMatcher', () => {
  it('for a built app, accepts exactly its index.html', () => {
    const isApp = appUrlMatcher('file:///opt/Foreseis/resources/app.asar/out/renderer/index.html');
    expect(isApp('file:///opt/Foreseis/resources/app.asar/out/renderer/index.html')).toBe(true);
    expect(isApp('file:///opt/Foreseis/resources/app.asar/out/renderer/index.html#/events')).toBe(true);
    expect(isApp('file:///etc/passwd')).toBe(false);
    expect(isApp('https://example.org/')).toBe(false);
    expect(isApp('not a url')).toBe(false);
  });

  it('for the dev server, accepts its origin only', () => {
    const isApp = appUrlMatcher('http://localhost:5173');
    expect(isApp('http://localhost:5173/index.html')).toBe(true);
    expect(isApp('http://localhost:5174/')).toBe(false);
    expect(isApp('http://127.0.0.1:5173/')).toBe(false);
    expect(isApp('file:///opt/x/index.html')).toBe(false);
  });
});
