/**
 * Frees what backpropagation no longer needs as soon as it no longer needs it (issue 6 item 4).
 *
 * Why: tfjs-core's engine.gradients() walks the tape backward and keeps, until the whole backward
 * pass ends, (a) the gradient of every intermediate tensor it has computed and (b) every tensor
 * saved for a gradient function. For this network both are the size of all activations together,
 * so a training step peaks at activations + saved copies + all their gradients (measured: the
 * wasm heap grows to ~3.6 GB for `compact` at L = 16384, batch 16). A tape node's output gradients
 * and saved tensors are dead once that node's gradient functions have run (every consumer of its
 * outputs comes later on the tape and has already been processed), so they are disposed then —
 * when the engine moves on to the next node. The peak becomes the activations plus the gradients
 * in flight.
 *
 * What is never disposed: the caller's seed dy and anything created before the backward pass
 * (only tensors whose id is above the pass's start are output gradients we may free), a tensor a
 * gradient function returned as an input gradient (a gradient may pass dy through unchanged), and
 * a tensor returned more than once (it is then the gradient of two inputs).
 *
 * Engine-wide (every backend) and switchable: installTapeRelease() returns the function that
 * removes it. It wraps Engine.addTapeNode and Engine.gradients, tfjs-core 4.x internals, checked
 * at install time.
 */
import * as tf from '@tensorflow/tfjs';

interface TapeNodeLike {
  saved?: tf.Tensor[];
  gradient?: (dys: tf.Tensor[]) => Record<string, () => tf.Tensor>;
}
interface EngineInternals {
  addTapeNode: (...args: unknown[]) => void;
  gradients: (...args: unknown[]) => unknown;
  nextTensorId: () => number;
  state: { activeTape: TapeNodeLike[] | null; gradientDepth: number };
}

interface Pending {
  dys: tf.Tensor[];
  saved: tf.Tensor[];
  returned: Set<tf.Tensor>;
}

let uninstall: (() => void) | null = null;

/** Install (once; a second call returns the same remover). */
export function installTapeRelease(): () => void {
  if (uninstall) return uninstall;
  const engine = tf.engine() as unknown as EngineInternals;
  if (typeof engine.addTapeNode !== 'function' || typeof engine.gradients !== 'function' || typeof engine.nextTensorId !== 'function' || engine.state === undefined) {
    throw new Error(`installTapeRelease: tfjs-core ${tf.version_core} has no Engine.addTapeNode / gradients / nextTensorId`);
  }
  const addTapeNode = engine.addTapeNode;
  const gradients = engine.gradients;
  /** the first tensor id of the current backward pass's own tensors; -1 outside a pass */
  let passStart = -1;
  let pending: Pending | null = null;
  const returnCount = new WeakMap<tf.Tensor, number>();

  const finish = (p: Pending): void => {
    for (const dy of p.dys) {
      if (dy.isDisposed || dy.id < passStart || p.returned.has(dy) || (returnCount.get(dy) ?? 0) > 1) continue;
      dy.dispose();
    }
    for (const s of p.saved) if (!p.returned.has(s)) s.dispose();
  };

  engine.gradients = function (this: EngineInternals, ...args: unknown[]) {
    // Nested or higher-order gradients: leave them to the engine as it is.
    if (passStart >= 0 || this.state.gradientDepth > 0) return gradients.apply(this, args);
    passStart = this.nextTensorId();
    try {
      return gradients.apply(this, args);
    } finally {
      passStart = -1;
      pending = null;
    }
  };

  engine.addTapeNode = function (this: EngineInternals, ...args: unknown[]) {
    addTapeNode.apply(this, args);
    const tape = this.state.activeTape;
    const node = tape?.[tape.length - 1];
    const gradient = node?.gradient;
    if (!node || !gradient) return;
    node.gradient = (dys) => {
      if (passStart < 0) return gradient(dys);
      if (pending) finish(pending);
      const p: Pending = { dys: dys.filter((d): d is tf.Tensor => d != null), saved: node.saved ?? [], returned: new Set() };
      pending = null;
      const map = gradient(dys);
      const wrapped: Record<string, () => tf.Tensor> = {};
      for (const [name, f] of Object.entries(map)) {
        wrapped[name] = () => {
          const r = f();
          p.returned.add(r);
          returnCount.set(r, (returnCount.get(r) ?? 0) + 1);
          return r;
        };
      }
      pending = p;
      return wrapped;
    };
  };

  uninstall = () => {
    engine.addTapeNode = addTapeNode;
    engine.gradients = gradients;
    uninstall = null;
  };
  return uninstall;
}
