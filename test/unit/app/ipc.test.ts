/**
 * The ipcMain side of the bridge (src/main/app/ipc.ts), driven in memory through an
 * `ipcMain`-shaped double: Electron itself cannot run here, and ipc.ts does not import it.
 */
import { describe, expect, it, vi } from 'vitest';
import { registerIpc, type InvokeEventLike, type IpcMainLike, type OperationHandler } from '../../../src/main/app/ipc';
import { appUrlMatcher } from '../../../src/main/app/policy';
import { eventChannel, invokeChannel, type InvokeResult } from '../../../src/preload/protocol';
import { ForeseisError } from '../../../src/shared/errors';

const appUrl = 'file:///opt/Foreseis/resources/app.asar/out/renderer/index.html';

function fakeIpcMain() {
  const handlers = new Map<string, (event: InvokeEventLike, ...args: unknown[]) => unknown>();
  const ipcMain: IpcMainLike = {
    handle: (channel, listener) => {
      if (handlers.has(channel)) throw new Error(`second handler for ${channel}`);
      handlers.set(channel, listener);
    },
    removeHandler: (channel) => {
      handlers.delete(channel);
    },
  };
  return { ipcMain, handlers };
}

function fakeSender(url: string | null = appUrl) {
  const sent: unknown[][] = [];
  const destroyedListeners = new Set<() => void>();
  let destroyed = false;
  const event: InvokeEventLike = {
    senderFrame: url === null ? null : { url },
    sender: {
      isDestroyed: () => destroyed,
      send: (...args: unknown[]) => {
        sent.push(args);
      },
      once: (_name, listener) => destroyedListeners.add(listener),
      removeListener: (_name, listener) => destroyedListeners.delete(listener),
    },
  };
  const destroy = (): void => {
    destroyed = true;
    for (const listener of [...destroyedListeners]) listener();
  };
  return { event, sent, destroy, destroyedListeners };
}

function setup(handle: OperationHandler, logError = vi.fn()) {
  const { ipcMain, handlers } = fakeIpcMain();
  const dispose = registerIpc(ipcMain, { handle, isTrustedUrl: appUrlMatcher(appUrl), logError });
  const invoke = async (event: InvokeEventLike, op: unknown, input: unknown): Promise<InvokeResult> => {
    const listener = handlers.get(invokeChannel);
    if (listener === undefined) throw new Error('no handler registered');
    return (await listener(event, op, input)) as InvokeResult;
  };
  return { invoke, dispose, handlers, logError };
}

describe('registerIpc', () => {
  it('passes a known operation and its input to the handler and returns its value', async () => {
    const handle = vi.fn<OperationHandler>(async (op, input) => ({ op, input }));
    const { invoke } = setup(handle);
    const result = await invoke(fakeSender().event, 'project.info', { dir: '/p' });
    expect(result).toEqual({ ok: true, value: { op: 'project.info', input: { dir: '/p' } } });
    expect(handle).toHaveBeenCalledTimes(1);
  });

  it.each([['project.delete'], ['__proto__'], ['toString'], [42], [undefined]])('refuses operation %j without calling the handler', async (op) => {
    const handle = vi.fn<OperationHandler>();
    const { invoke } = setup(handle);
    const result = await invoke(fakeSender().event, op, {});
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatchObject({ name: 'ForeseisError', code: 'bad-input' });
    expect(handle).not.toHaveBeenCalled();
  });

  it.each([['https://evil.example/index.html'], ['file:///tmp/other/index.html'], [null]])('refuses a request from frame %j', async (url) => {
    const handle = vi.fn<OperationHandler>();
    const { invoke } = setup(handle);
    const result = await invoke(fakeSender(url).event, 'project.info', { dir: '/p' });
    expect(result).toMatchObject({ ok: false, error: { code: 'bad-input', message: expect.stringContaining('untrusted') } });
    expect(handle).not.toHaveBeenCalled();
  });

  it('returns a typed error as {name, code, message}, not as a rejection', async () => {
    const logError = vi.fn();
    const { invoke } = setup(async () => {
      throw new ForeseisError('project-not-found', 'no project in /p');
    }, logError);
    const result = await invoke(fakeSender().event, 'project.info', { dir: '/p' });
    expect(result).toEqual({ ok: false, error: { name: 'ForeseisError', code: 'project-not-found', message: 'no project in /p' } });
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
    expect(logError).not.toHaveBeenCalled();
  });

  it('turns an unexpected exception into an internal error and logs it', async () => {
    const logError = vi.fn();
    const boom = new TypeError('x is undefined');
    const { invoke } = setup(async () => {
      throw boom;
    }, logError);
    const result = await invoke(fakeSender().event, 'events.list', { dir: '/p' });
    expect(result).toEqual({ ok: false, error: { name: 'ForeseisError', code: 'internal', message: 'x is undefined' } });
    expect(logError).toHaveBeenCalledWith(boom);
  });

  it('pushes progress to the asking page only while it exists', async () => {
    const sender = fakeSender();
    const { invoke } = setup(async (_op, _input, ctx) => {
      ctx.progress({ fraction: 0.5, step: 'half' });
      sender.destroy();
      ctx.progress({ fraction: 1, step: 'done' });
      return null;
    });
    await invoke(sender.event, 'synth.generate', {});
    expect(sender.sent).toEqual([[eventChannel, { type: 'progress', op: 'synth.generate', progress: { fraction: 0.5, step: 'half' } }]]);
  });

  it('cancels the operation when its page is destroyed, and lets go of the page afterwards', async () => {
    const sender = fakeSender();
    let signal: AbortSignal | undefined;
    const { invoke } = setup(async (_op, _input, ctx) => {
      signal = ctx.signal;
      expect(ctx.signal.aborted).toBe(false);
      sender.destroy();
      return null;
    });
    await invoke(sender.event, 'windows.build', {});
    expect(signal?.aborted).toBe(true);

    const other = fakeSender();
    await invoke(other.event, 'windows.build', {});
    expect(other.destroyedListeners.size).toBe(0);
  });

  it('unregisters its channel when disposed', () => {
    const { dispose, handlers } = setup(vi.fn<OperationHandler>());
    expect(handlers.has(invokeChannel)).toBe(true);
    dispose();
    expect(handlers.has(invokeChannel)).toBe(false);
  });
});
