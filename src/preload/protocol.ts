/**
 * The wire protocol of the desktop bridge, shared by the preload (which exposes it), the
 * Electron main process (src/main/app/ipc.ts, which answers it) and the renderer (which types
 * `window.foreseis` with it). Pure: no 'electron', no Node, no DOM, so all three can import it
 * and it is tested in memory. The browser-mode WebSocket client implements the same
 * {@link ForeseisBridge}, with `transport: 'websocket'`.
 *
 * TODO(lead): nothing here is Electron-specific; it could move to src/shared next to api.ts.
 */
import type { OpInput, OpName, OpOutput, Progress } from '../shared/api';
import type { SerializedError } from '../shared/errors';

/** ipcRenderer.invoke → ipcMain.handle: one request, one {@link InvokeResult}. */
export const invokeChannel = 'foreseis:invoke';
/** webContents.send → ipcRenderer.on: events pushed by the main process. */
export const eventChannel = 'foreseis:event';

/** Which transport carries the contract: the desktop app's IPC or `foreseis serve`'s WebSocket. */
export type TransportKind = 'electron-ipc' | 'websocket';

/**
 * The answer to one invoke. Errors travel as a value, not as a rejected promise: Electron's
 * `ipcMain.handle` and `contextBridge` both keep only an Error's message, so a thrown
 * ForeseisError would lose its `code` on the way.
 */
export type InvokeResult<T = unknown> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: SerializedError };

/** Progress of a running operation, pushed to the page that started it. */
export interface ProgressEvent {
  readonly type: 'progress';
  readonly op: OpName;
  readonly progress: Progress;
}

/** Everything the main process pushes to the page. */
export type BridgeEvent = ProgressEvent;

/** The one object the preload exposes as `window.foreseis`. */
export interface ForeseisBridge {
  readonly transport: TransportKind;
  /** Run one operation of the contract. Names not in the contract are refused ('bad-input'). */
  invoke<K extends OpName>(op: K, input: OpInput<K>): Promise<InvokeResult<OpOutput<K>>>;
  /** Receive every event the main process pushes; returns the function that unsubscribes. */
  subscribe(callback: (event: BridgeEvent) => void): () => void;
}

/** True for a value shaped like a {@link BridgeEvent}: the receiving side trusts nothing. */
export function isBridgeEvent(value: unknown): value is BridgeEvent {
  if (typeof value !== 'object' || value === null) return false;
  const event = value as { type?: unknown; op?: unknown; progress?: unknown };
  if (event.type !== 'progress' || typeof event.op !== 'string') return false;
  const progress = event.progress as { fraction?: unknown; step?: unknown } | null | undefined;
  return typeof progress?.fraction === 'number' && typeof progress.step === 'string';
}
