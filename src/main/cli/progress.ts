import cliProgress from 'cli-progress';
import type { Progress } from '../../shared/api';

function formatEta(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds)) return '--';
  if (seconds < 60) return `${Math.round(seconds)}s`;
  const m = Math.floor(seconds / 60);
  return `${m}m${String(Math.round(seconds - m * 60)).padStart(2, '0')}s`;
}

/**
 * A progress display on stderr (stdout stays clean for results and --json). On a terminal it is a
 * live bar; elsewhere (CI logs, pipes) one line per 10 %, so logs stay readable.
 */
export function createProgressDisplay(label: string, stream: NodeJS.WriteStream = process.stderr): { update(p: Progress): void; stop(): void } {
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      { format: `${label} [{bar}] {percentage}% | ETA {eta_h} | {step}`, hideCursor: true, clearOnComplete: false, stream },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    return {
      update(p) {
        if (!started) {
          bar.start(100, 0, { step: p.step, eta_h: formatEta(p.etaSeconds) });
          started = true;
        }
        bar.update(Math.round(p.fraction * 100), { step: p.step, eta_h: formatEta(p.etaSeconds) });
      },
      stop() {
        if (started) bar.stop();
      },
    };
  }
  let lastDecile = -1;
  return {
    update(p) {
      const decile = Math.floor(p.fraction * 10);
      if (decile > lastDecile) {
        lastDecile = decile;
        stream.write(`${label}: ${Math.round(p.fraction * 100)}% (ETA ${formatEta(p.etaSeconds)}) ${p.step}\n`);
      }
    },
    stop() {},
  };
}
