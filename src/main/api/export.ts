/**
 * export.run: an event's stored samples, exactly as the project holds them, for ObsPy or any other
 * tool. miniSEED: one file, each stored stretch written as its own run of records (so gaps stay
 * gaps), Steim-2 when the samples are integer counts, float32 otherwise. CSV: a folder with one
 * file per stretch, a '#' header (NSLC, rate, start, samples) then `time_utc,value` rows
 * (pandas: read_csv(path, comment='#')).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { OpOutput, OpParsedInput } from '../../shared/api';
import type { ExportStretch } from '../../shared/catalogue';
import { formatTimeUs, writeMiniseed } from '../seismic';
import { withProject } from '../store';
import { readEventStretches, type StoredStretch } from '../store/event-stretches';
import { type HandlerContext, throwIfCancelled } from './context';

function endTimeUs(s: StoredStretch): number {
  return s.startTimeUs + Math.round(((s.samples.length - 1) * 1e6) / s.sampleRateHz);
}

/** Write to a temporary name then rename, so a cancelled export never leaves half a file. */
function writeAtomically(file: string, data: Uint8Array | string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.partial-${process.pid}`;
  fs.writeFileSync(tmp, data);
  fs.renameSync(tmp, file);
}

function csvText(s: StoredStretch, eventId: number): string {
  const lines = [
    `# nslc: ${s.nslc}`,
    `# sample_rate_hz: ${s.sampleRateHz}`,
    `# start_time: ${formatTimeUs(s.startTimeUs)}`,
    `# samples: ${s.samples.length}`,
    `# event: ${eventId}`,
    'time_utc,value',
  ];
  for (let i = 0; i < s.samples.length; i++) lines.push(`${formatTimeUs(s.startTimeUs + Math.round((i * 1e6) / s.sampleRateHz))},${s.samples[i]}`);
  return `${lines.join('\n')}\n`;
}

export async function exportEvent(input: OpParsedInput<'export.run'>, ctx: HandlerContext): Promise<OpOutput<'export.run'>> {
  return withProject(input.dir, {}, (project) => {
    const stretches = readEventStretches(project, input.event);
    throwIfCancelled(ctx.signal);
    const out = path.resolve(input.out);
    const rows: ExportStretch[] = [];
    let bytes = 0;
    if (input.format === 'mseed') {
      const written = writeMiniseed(
        stretches.map((s) => ({ network: s.network, station: s.station, location: s.location, channel: s.channel, startTimeUs: s.startTimeUs, sampleRateHz: s.sampleRateHz, samples: s.samples })),
        { recordLengthBytes: input.recordLengthBytes },
      );
      writeAtomically(out, written.bytes);
      bytes = written.bytes.length;
      stretches.forEach((s, i) =>
        rows.push({ nslc: s.nslc, startTime: formatTimeUs(s.startTimeUs), endTime: formatTimeUs(endTimeUs(s)), sampleRateHz: s.sampleRateHz, samples: s.samples.length, encoding: written.encodings[i], path: out }),
      );
    } else {
      for (const [i, s] of stretches.entries()) {
        throwIfCancelled(ctx.signal);
        const file = path.join(out, `${s.nslc}_${formatTimeUs(s.startTimeUs).replace(/[-:]/g, '').replace('.', '_')}.csv`);
        const text = csvText(s, input.event);
        writeAtomically(file, text);
        bytes += Buffer.byteLength(text);
        rows.push({ nslc: s.nslc, startTime: formatTimeUs(s.startTimeUs), endTime: formatTimeUs(endTimeUs(s)), sampleRateHz: s.sampleRateHz, samples: s.samples.length, encoding: 'text', path: file });
        ctx.progress({ fraction: (i + 1) / stretches.length, step: s.nslc });
      }
    }
    return { dir: project.dir, eventId: input.event, format: input.format, out, stretches: rows, bytes };
  });
}
