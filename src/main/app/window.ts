/**
 * The main window: sandboxed, context-isolated, no Node in the page, the preload as the only
 * door (see src/preload). Shown once its first paint is ready, so it never flashes white.
 */
import { BrowserWindow } from 'electron';

export interface MainWindowOptions {
  /** Absolute path of the built preload (out/preload/index.cjs). */
  preloadPath: string;
  /** The renderer: the dev server's URL, or the file: URL of out/renderer/index.html. */
  entryUrl: string;
  /** Allow the developer tools (off in packaged builds). */
  devTools: boolean;
}

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const mainWindow = new BrowserWindow({
    title: 'Foreseis',
    width: 1280,
    height: 800,
    minWidth: 800,
    minHeight: 500,
    show: false,
    backgroundColor: '#1e1f22',
    webPreferences: {
      preload: options.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools: options.devTools,
    },
  });
  mainWindow.once('ready-to-show', () => mainWindow.show());
  void mainWindow.loadURL(options.entryUrl);
  return mainWindow;
}
