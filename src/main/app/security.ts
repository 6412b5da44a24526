/**
 * Electron hardening, following Electron's security checklist: strict CSP, no navigation, no new
 * windows, no <webview>, every permission denied. Applied once to the default session and to every
 * web contents ever created, so a window added later cannot forget it.
 */
import { app, session, type Session, type WebContents } from 'electron';
import { contentSecurityPolicy } from './policy';

function hardenSession(target: Session): void {
  target.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  target.setPermissionCheckHandler(() => false);
  target.setDevicePermissionHandler(() => false);
  target.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        'Content-Security-Policy': [contentSecurityPolicy],
      },
    });
  });
}

function hardenContents(contents: WebContents, isAppUrl: (url: string) => boolean): void {
  const blockForeign = (event: { preventDefault(): void }, url: string): void => {
    if (!isAppUrl(url)) event.preventDefault();
  };
  contents.on('will-navigate', (event) => blockForeign(event, event.url));
  contents.on('will-redirect', (event) => blockForeign(event, event.url));
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

/** Call once, before `app.whenReady()` resolves. */
export function installSecurity(isAppUrl: (url: string) => boolean): void {
  app.enableSandbox();
  app.on('web-contents-created', (_event, contents) => hardenContents(contents, isAppUrl));
  void app.whenReady().then(() => hardenSession(session.defaultSession));
}
