/**
 * ipcMain side of the desktop bridge: one channel (`foreseis:invoke`) that checks who is asking
 * and what, calls the contract's handler (src/main/api `handle`), and answers with an
 * {@link InvokeResult}; errors cross as `{name, code, message}` values. Written against an
 * `ipcMain`-shaped object so it runs (and is tested) without Electron; main.ts passes the real one.
 */
import { isOpName, type OpName, type Progress } from '../../shared/api';
import { toForeseisError } from '../../shared/errors';
import { eventChannel, invokeChannel, type BridgeEvent, type InvokeResult } from '../../preload/protocol';
import type { HandlerContext } from '../api/context';

/** The contract's dispatcher: parses `input` with the operation's schema, throws typed errors. */
export type OperationHandler = (op: OpName, input: unknown, ctx: HandlerContext) => Promise<unknown>;

/** The parts of Electron's IpcMainInvokeEvent this file reads. */
export interface InvokeEventLike {
  readonly senderFrame: { readonly url: string } | null;
  readonly sender: {
    isDestroyed(): boolean;
    send(channel: string, ...args: unknown[]): void;
    once(event: 'destroyed', listener: () => void): unknown;
    removeListener(event: 'destroyed', listener: () => void): unknown;
  };
}

/** The parts of Electron's `ipcMain` this file uses. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

export interface IpcOptions {
  handle: OperationHandler;
  /** True when a frame at this URL is our own renderer (policy.ts `appUrlMatcher`). */
  isTrustedUrl(url: string): boolean;
  /** Where unexpected (code 'internal') errors are reported; they still reach the page. */
  logError?: (error: unknown) => void;
}

/** Registers the invoke channel; returns the function that unregisters it. */
export function registerIpc(ipcMain: IpcMainLike, options: IpcOptions): () => void {
  const logError = options.logError ?? ((error: unknown) => console.error('[foreseis] ipc:', error));

  ipcMain.handle(invokeChannel, async (event, op: unknown, input: unknown): Promise<InvokeResult> => {
    const url = event.senderFrame?.url;
    if (url === undefined || !options.isTrustedUrl(url)) {
      return refuse('request from an untrusted frame refused');
    }
    if (!isOpName(op)) return refuse(`unknown operation ${JSON.stringify(String(op))}`);

    // A closed window cancels what it started.
    const controller = new AbortController();
    const cancel = (): void => controller.abort();
    event.sender.once('destroyed', cancel);
    const ctx: HandlerContext = {
      signal: controller.signal,
      progress(progress: Progress) {
        const pushed: BridgeEvent = { type: 'progress', op, progress };
        if (!event.sender.isDestroyed()) event.sender.send(eventChannel, pushed);
      },
    };
    try {
      return { ok: true, value: await options.handle(op, input, ctx) };
    } catch (thrown) {
      const error = toForeseisError(thrown);
      if (error.code === 'internal') logError(thrown);
      return { ok: false, error: error.toJSON() };
    } finally {
      event.sender.removeListener('destroyed', cancel);
    }
  });

  return () => ipcMain.removeHandler(invokeChannel);
}

function refuse(message: string): InvokeResult<never> {
  return { ok: false, error: { name: 'ForeseisError', code: 'bad-input', message } };
}
