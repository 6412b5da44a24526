/// <reference types="vite/client" />
/**
 * The page's only door to the Node side: `window.foreseis`, exposed by the preload in the desktop
 * app (Electron IPC) or installed by the browser-mode client (WebSocket). Absent when the page is
 * opened on its own, which the UI shows as "not connected".
 */
import type { ForeseisBridge } from '../../preload/protocol';

declare global {
  interface Window {
    readonly foreseis?: ForeseisBridge;
  }
}

export {};
