/**
 * The bridge the preload exposes, built from an `ipcRenderer`-shaped object so it runs (and is
 * tested) without Electron. It is the electron-trpc shape: one `invoke`, one `subscribe`, and a
 * fixed allow-list of operation names checked before anything reaches the main process. The main
 * process checks again (src/main/app/ipc.ts): the page is never trusted.
 */
import type { OpName } from '../shared/api';
import type { SerializedError } from '../shared/errors';
import {
  eventChannel,
  invokeChannel,
  isBridgeEvent,
  type BridgeEvent,
  type ForeseisBridge,
  type InvokeResult,
} from './protocol';

/** The part of Electron's `ipcRenderer` the bridge uses. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

function refused(message: string): InvokeResult<never> {
  const error: SerializedError = { name: 'ForeseisError', code: 'bad-input', message };
  return { ok: false, error };
}

export function createBridge(ipc: IpcRendererLike, operationNames: readonly OpName[]): ForeseisBridge {
  const allowed: ReadonlySet<string> = new Set(operationNames);
  const bridge: ForeseisBridge = {
    transport: 'electron-ipc',
    async invoke(op: unknown, input: unknown) {
      if (typeof op !== 'string' || !allowed.has(op)) {
        return refused(`unknown operation ${JSON.stringify(String(op))}`);
      }
      // The main process answers with an InvokeResult (src/main/app/ipc.ts) and re-checks `op`.
      return (await ipc.invoke(invokeChannel, op, input)) as InvokeResult<never>;
    },
    subscribe(callback: (event: BridgeEvent) => void): () => void {
      if (typeof callback !== 'function') throw new TypeError('subscribe needs a function');
      // The IpcRendererEvent (which carries `sender`) never reaches the page: only the payload.
      const listener = (_event: unknown, payload: unknown): void => {
        if (isBridgeEvent(payload)) callback(payload);
      };
      ipc.on(eventChannel, listener);
      return () => {
        ipc.removeListener(eventChannel, listener);
      };
    },
  };
  return Object.freeze(bridge);
}
