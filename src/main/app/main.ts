/**
 * Entry of the desktop app (out/main/index.js). Electron-specific code stays in this folder and
 * stays thin: the science and the contract's handlers live in src/main/api and below, shared with
 * the CLI and `foreseis serve`.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, ipcMain } from 'electron';
import { handle } from '../api';
import { registerIpc } from './ipc';
import { installMenu } from './menu';
import { appUrlMatcher } from './policy';
import { installSecurity } from './security';
import { createMainWindow } from './window';

const here = import.meta.dirname; // out/main
const devServerUrl = app.isPackaged ? undefined : process.env['ELECTRON_RENDERER_URL'];
const entryUrl = devServerUrl ?? pathToFileURL(join(here, '../renderer/index.html')).href;
const isAppUrl = appUrlMatcher(entryUrl);
const devTools = !app.isPackaged;

function openWindow(): BrowserWindow {
  return createMainWindow({ preloadPath: join(here, '../preload/index.cjs'), entryUrl, devTools });
}

if (!app.requestSingleInstanceLock()) {
  // Another Foreseis is running: it gets focus (below), this one leaves.
  app.quit();
} else {
  installSecurity(isAppUrl);

  app.on('second-instance', () => {
    const [existing] = BrowserWindow.getAllWindows();
    if (existing === undefined) return;
    if (existing.isMinimized()) existing.restore();
    existing.focus();
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  void app.whenReady().then(() => {
    installMenu({ devTools, isMac: process.platform === 'darwin' });
    registerIpc(ipcMain, { handle, isTrustedUrl: isAppUrl });
    openWindow();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) openWindow();
    });
  });
}
