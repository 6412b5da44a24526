/**
 * The renderer's typed client over `window.foreseis`: `call` unwraps an operation's result or
 * throws the ForeseisError that crossed the bridge as `{name, code, message}`.
 */
import type { OpInput, OpName, OpOutput } from '../../shared/api';
import { ForeseisError } from '../../shared/errors';
import type { ForeseisBridge, TransportKind } from '../../preload/protocol';

/** The bridge of this page, or null when the page runs without one. */
export function currentBridge(): ForeseisBridge | null {
  return window.foreseis ?? null;
}

export async function call<K extends OpName>(bridge: ForeseisBridge, op: K, input: OpInput<K>): Promise<OpOutput<K>> {
  const result = await bridge.invoke(op, input);
  if (result.ok) return result.value;
  throw ForeseisError.fromSerialized(result.error);
}

export const transportLabels: Readonly<Record<TransportKind, string>> = {
  'electron-ipc': 'Electron IPC',
  websocket: 'browser mode (WebSocket)',
};
