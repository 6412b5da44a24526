/**
 * The object the preload exposes as `window.foreseis` (src/preload/bridge.ts), over an
 * `ipcRenderer`-shaped double that records what would reach the main process.
 */
import { describe, expect, it, vi } from 'vitest';
import { createBridge, type IpcRendererLike } from '../../../src/preload/bridge';
import { eventChannel, invokeChannel, type BridgeEvent } from '../../../src/preload/protocol';
import { operationNames, type OpName } from '../../../src/shared/api';

type Listener = (event: unknown, ...args: unknown[]) => void;

function fakeIpcRenderer(answer: unknown = { ok: true, value: 'answer' }) {
  const listeners = new Map<string, Set<Listener>>();
  const ipc = {
    invoke: vi.fn(async (..._args: unknown[]) => answer),
    on: (channel: string, listener: Listener) => {
      const set = listeners.get(channel) ?? new Set<Listener>();
      set.add(listener);
      listeners.set(channel, set);
    },
    removeListener: (channel: string, listener: Listener) => {
      listeners.get(channel)?.delete(listener);
    },
  } satisfies IpcRendererLike;
  const emit = (payload: unknown): void => {
    for (const listener of listeners.get(eventChannel) ?? []) listener({ sender: 'ipc-renderer-internals' }, payload);
  };
  return { ipc, emit, listeners };
}

describe('createBridge', () => {
  it('forwards an operation of the contract on the invoke channel', async () => {
    const { ipc } = fakeIpcRenderer();
    const bridge = createBridge(ipc, operationNames);
    await expect(bridge.invoke('project.info', { dir: '/p' })).resolves.toEqual({ ok: true, value: 'answer' });
    expect(ipc.invoke).toHaveBeenCalledWith(invokeChannel, 'project.info', { dir: '/p' });
    expect(bridge.transport).toBe('electron-ipc');
  });

  it.each(['fs.readFile', 'constructor', '__proto__', '', 7, null])('refuses %j without reaching the main process', async (op) => {
    const { ipc } = fakeIpcRenderer();
    const bridge = createBridge(ipc, operationNames);
    const result = await bridge.invoke(op as OpName, {} as never);
    expect(result).toMatchObject({ ok: false, error: { name: 'ForeseisError', code: 'bad-input' } });
    expect(ipc.invoke).not.toHaveBeenCalled();
  });

  it('allows only the names it was given', async () => {
    const { ipc } = fakeIpcRenderer();
    const bridge = createBridge(ipc, ['project.info']);
    expect((await bridge.invoke('events.list', { dir: '/p' })).ok).toBe(false);
    expect(ipc.invoke).not.toHaveBeenCalled();
  });

  it('delivers well-formed events without the IpcRendererEvent, drops the rest, and unsubscribes', () => {
    const { ipc, emit, listeners } = fakeIpcRenderer();
    const bridge = createBridge(ipc, operationNames);
    const received: unknown[][] = [];
    const unsubscribe = bridge.subscribe((...args: unknown[]) => received.push(args));
    const progress: BridgeEvent = { type: 'progress', op: 'synth.generate', progress: { fraction: 0.25, step: 'writing' } };
    emit(progress);
    emit({ type: 'progress' });
    emit('progress');
    emit(null);
    expect(received).toEqual([[progress]]);
    unsubscribe();
    emit(progress);
    expect(received).toHaveLength(1);
    expect(listeners.get(eventChannel)?.size).toBe(0);
  });

  it('cannot be altered by the page', () => {
    const bridge = createBridge(fakeIpcRenderer().ipc, operationNames);
    expect(Object.isFrozen(bridge)).toBe(true);
  });
});
