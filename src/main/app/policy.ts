/**
 * What the app's pages may do and which URLs are the app: pure (no 'electron' import), so the
 * build config, a browser-mode server and tests can use it too.
 *
 * The renderer's Content-Security-Policy is declared here once: security.ts sends it as a
 * response header and the renderer build (electron.vite.config.ts) writes it into index.html as a
 * <meta> tag, the only form that applies to pages loaded from file://.
 *
 * Scripts only from the app itself: no eval, no inline script, no plugins, no frames, no forms.
 * Inline styles are allowed because Vue style bindings and ECharts tooltips set them (styles
 * cannot run code). `connect-src 'self'` also covers a same-origin WebSocket (browser mode, and
 * the dev server's hot reload).
 */
const directives: readonly (readonly [string, string])[] = [
  ['default-src', "'none'"],
  ['script-src', "'self'"],
  ['style-src', "'self' 'unsafe-inline'"],
  ['img-src', "'self' data: blob:"],
  ['font-src', "'self'"],
  ['connect-src', "'self'"],
  ['worker-src', "'self' blob:"],
  ['object-src', "'none'"],
  ['base-uri', "'none'"],
  ['form-action', "'none'"],
  ['frame-src', "'none'"],
  ['frame-ancestors', "'none'"],
];

/** The policy as an HTTP header value. */
export const contentSecurityPolicy = directives.map(([name, value]) => `${name} ${value}`).join('; ');

/** The policy for a <meta http-equiv> tag, which ignores (and warns about) frame-ancestors. */
export const metaContentSecurityPolicy = directives
  .filter(([name]) => name !== 'frame-ancestors')
  .map(([name, value]) => `${name} ${value}`)
  .join('; ');

/**
 * A predicate true only for URLs of the app's own renderer: same origin as the dev server, or the
 * exact built index.html (file: URLs have an opaque origin, so the path is compared instead).
 */
export function appUrlMatcher(entryUrl: string): (url: string) => boolean {
  const entry = new URL(entryUrl);
  return (url: string) => {
    let candidate: URL;
    try {
      candidate = new URL(url);
    } catch {
      return false;
    }
    if (entry.protocol === 'file:') {
      return candidate.protocol === 'file:' && candidate.pathname === entry.pathname;
    }
    return candidate.origin === entry.origin;
  };
}
