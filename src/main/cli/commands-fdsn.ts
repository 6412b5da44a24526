/**
 * The FDSN commands: `download` (recordings before events and noise-B windows, resumable).
 */
import fs from 'node:fs';
import type { DownloadResult } from '../../shared/download';
import { ForeseisError } from '../../shared/errors';
import { formatTimeUs } from '../seismic';
import { call, type Command, type Flags, jsonOption, num } from './command-kit';

function tuningFlag(flags: Flags): Record<string, unknown> {
  const v = flags.tuning;
  let tuning: Record<string, unknown> = {};
  if (typeof v === 'string') {
    const text = v.trim().startsWith('{') ? v : fs.existsSync(v) ? fs.readFileSync(v, 'utf8') : null;
    if (text === null) throw new ForeseisError('bad-input', `--tuning expects a JSON object or a JSON file, got '${v}'`);
    try {
      tuning = JSON.parse(text) as Record<string, unknown>;
    } catch (err) {
      throw new ForeseisError('bad-input', `--tuning: ${(err as Error).message}`);
    }
  }
  const set = (key: string, value: unknown): void => {
    if (value !== undefined) tuning[key] = value;
  };
  set('concurrency', num(flags, 'concurrency', 'int'));
  set('chunkSeconds', num(flags, 'chunk-seconds'));
  set('stallTimeoutSeconds', num(flags, 'timeout'));
  set('maxAttempts', num(flags, 'attempts', 'int'));
  if (flags.method !== undefined) set('method', String(flags.method).toUpperCase());
  return tuning;
}

function t(us: number): string {
  return formatTimeUs(us).slice(0, 19);
}

export function formatDownload(r: DownloadResult): string {
  const lines = [`data centre ${r.datacenter}, event set '${r.eventSet}': ${r.targets.length} recording(s)`];
  for (const x of r.targets) {
    const c = x.chunks;
    const chans = x.channels.map((ch) => `${ch.code} ${ch.samples}${ch.pieces > 1 ? ` in ${ch.pieces} pieces` : ''}`).join(', ');
    lines.push(
      `  ${x.label} ${x.stationCode} ${t(x.startTimeUs)} – ${t(x.endTimeUs)}: ${x.status}` +
        (x.status === 'already-stored' ? '' : ` (${c.total} chunks, ${c.cached} cached; requests: ${c.downloaded} with data, ${c.noData} no data, ${c.failed} failed)`) +
        (chans ? `; ${chans}` : ''),
    );
    for (const g of x.gaps) lines.push(`      gap ${g.channel} at ${formatTimeUs(g.startTimeUs)}: ${g.lengthSeconds.toFixed(3)} s (${g.lengthSamples} samples)`);
    if (x.missingChannels.length) lines.push(`      no data for ${x.missingChannels.join(', ')}`);
    for (const p of x.problems) lines.push(`      ${p}`);
  }
  const q = r.requests;
  lines.push(`requests ${q.sent} (${q.retried} retried, ${q.split} split after 413, ${q.noData} no data, ${q.failed} failed), ${(r.bytesDownloaded / 1e6).toFixed(2)} MB in ${r.seconds.toFixed(1)} s`);
  return lines.join('\n');
}

export const fdsnCommands: Command[] = [
  {
    name: 'download',
    summary: 'download the hours before each event (and noise-B windows) from an FDSN data centre; resumable',
    usage:
      'foreseis download DIR [--events SET] [--datacenter iris|URL] [--station IU.MAJO] [--channels BH1,BH2,BHZ] [--hours 10] [--noise-b N] ' +
      '[--concurrency 3] [--chunk-seconds 3600] [--method GET|POST] [--timeout S] [--attempts N] [--tuning JSON|FILE]',
    details:
      'Each window is fetched in chunks, a few at once; answered chunks are kept in the project, so an interrupted\n' +
      'download (Ctrl-C, a crash, a lost connection) resumes where it stopped when run again. 429/503 wait for\n' +
      'Retry-After, 413 splits a chunk, 204/404 are recorded as "no data". A base URL such as http://127.0.0.1:8080\n' +
      'means URL/fdsnws/{station,dataselect}/1/; the data centre and station are remembered in the project.',
    options: {
      ...jsonOption,
      events: { type: 'string', description: 'event set (default: the project\'s default set)' },
      datacenter: { type: 'string', description: 'iris, usgs, isc or a base URL (default: the one remembered, else iris)' },
      station: { type: 'string', description: "NET.STA or NET.STA.LOC (default: each event's station, else IU.MAJO)" },
      channels: { type: 'string', description: 'channel codes, comma-separated (default BH1,BH2,BHZ)' },
      hours: { type: 'string', description: 'hours before each origin time (default 10)' },
      'noise-b': { type: 'string', description: 'noise-B windows to download, each far from every event (default 0)' },
      concurrency: { type: 'string', description: 'requests in flight at once (default 3)' },
      'chunk-seconds': { type: 'string', description: 'seconds of data per request (default 3600)' },
      method: { type: 'string', description: 'dataselect by GET or POST (default POST)' },
      timeout: { type: 'string', description: 'abandon and retry a request silent for this many seconds (default 60)' },
      attempts: { type: 'string', description: 'attempts per request (default 6)' },
      tuning: { type: 'string', description: 'more settings as JSON or a JSON file (backoff, noise-B range and seed, …)' },
    },
    positionals: [1, 1],
    async run([dir], flags, out) {
      const channels = typeof flags.channels === 'string' ? flags.channels.split(',').map((c) => c.trim().toUpperCase()) : undefined;
      const input = JSON.parse(
        JSON.stringify({
          dir,
          set: flags.events,
          datacenter: flags.datacenter,
          station: flags.station,
          channels,
          hours: num(flags, 'hours'),
          noiseB: num(flags, 'noise-b', 'int'),
          tuning: tuningFlag(flags),
        }),
      ) as object;
      const r = await call('download.run', input, 'download');
      if (out.json) out.printJson(r);
      else out.print(formatDownload(r));
      const incomplete = r.targets.filter((x) => x.status === 'incomplete');
      if (incomplete.length > 0) {
        throw new ForeseisError('network', `${incomplete.length} recording(s) incomplete after retries; run the same command again to resume`);
      }
    },
  },
];
