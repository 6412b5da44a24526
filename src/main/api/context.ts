import type { Progress } from '../../shared/api';
import { ForeseisError } from '../../shared/errors';

/** What a handler gets besides its input: a progress sink and a cancel signal. */
export interface HandlerContext {
  progress(p: Progress): void;
  signal: AbortSignal;
  /** a line worth keeping in a log (e.g. an epoch's summary); optional, transports without a log leave it out */
  log?(line: string): void;
}

export function throwIfCancelled(signal: AbortSignal): void {
  if (signal.aborted) throw new ForeseisError('cancelled', 'cancelled');
}

/** Progress with an ETA from the elapsed time, reported at most every `minIntervalMs`. */
export function progressReporter(ctx: HandlerContext, minIntervalMs = 100): (fraction: number, step: string) => void {
  const started = Date.now();
  let last = 0;
  return (fraction, step) => {
    const now = Date.now();
    if (fraction < 1 && now - last < minIntervalMs) return;
    last = now;
    const elapsed = (now - started) / 1000;
    const etaSeconds = fraction > 0.01 ? (elapsed * (1 - fraction)) / fraction : undefined;
    ctx.progress({ fraction: Math.min(1, Math.max(0, fraction)), step, etaSeconds });
  };
}

export const silentContext: HandlerContext = { progress: () => {}, signal: new AbortController().signal };
