/**
 * Merges decoded records into continuous traces per NSLC with libmseed's rule: a record joins a
 * trace when it starts within half a sample period of the time the trace's next sample is due
 * (last sample + 1/rate), its rate agrees within libmseed's relative tolerance (1e-4) and its
 * sample type is the same. Nothing is filled or trimmed: gaps and overlaps between consecutive
 * traces of one NSLC are reported with their start and length.
 */
import type { DecodedRecord, Samples, SampleType } from './miniseedRecord';

/** libmseed MS_ISRATETOLERABLE */
const RATE_TOLERANCE = 1e-4;

export interface Trace {
  nslc: string;
  network: string;
  station: string;
  location: string;
  channel: string;
  /** first sample, µs since epoch */
  startTimeUs: number;
  /** last sample, µs since epoch (the last joined record's own end time, as libmseed keeps it) */
  endTimeUs: number;
  sampleRateHz: number;
  sampleType: SampleType;
  samples: Samples;
  recordCount: number;
}

export interface GapOrOverlap {
  nslc: string;
  kind: 'gap' | 'overlap';
  /** gap: time the first missing sample was due; overlap: first sample of the later trace */
  startTimeUs: number;
  /** exact length in seconds: |next start − previous end − 1/rate| */
  lengthSeconds: number;
  /** length in samples at the earlier trace's rate, rounded (libmseed/ObsPy "missing samples") */
  lengthSamples: number;
  /** last sample of the earlier trace and first sample of the later one, µs */
  previousEndTimeUs: number;
  nextStartTimeUs: number;
}

export interface MergedTraces {
  /** ordered by NSLC, then start time */
  traces: Trace[];
  gaps: GapOrOverlap[];
}

interface Building {
  head: DecodedRecord;
  parts: Samples[];
  count: number;
  endTimeUs: number;
}

function rateTolerable(a: number, b: number): boolean {
  return Math.abs(1 - a / b) < RATE_TOLERANCE;
}

function concat(type: SampleType, parts: Samples[], count: number): Samples {
  const out = type === 'float64' ? new Float64Array(count) : type === 'float32' ? new Float32Array(count) : new Int32Array(count);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export function mergeTraces(records: readonly DecodedRecord[]): MergedTraces {
  const byNslc = new Map<string, DecodedRecord[]>();
  for (const r of records) {
    if (r.samples.length === 0 || !(r.sampleRateHz > 0)) continue; // no time series to merge
    const list = byNslc.get(r.nslc);
    if (list) list.push(r);
    else byNslc.set(r.nslc, [r]);
  }
  const traces: Trace[] = [];
  const gaps: GapOrOverlap[] = [];
  for (const nslc of [...byNslc.keys()].sort()) {
    const list = byNslc.get(nslc)!.slice().sort((a, b) => a.startTimeUs - b.startTimeUs || a.endTimeUs - b.endTimeUs || a.offset - b.offset);
    const open: Building[] = [];
    for (const r of list) {
      const periodUs = 1e6 / r.sampleRateHz;
      let best: Building | null = null;
      let bestDiff = Infinity;
      for (const t of open) {
        if (t.head.sampleType !== r.sampleType || !rateTolerable(t.head.sampleRateHz, r.sampleRateHz)) continue;
        const diff = Math.abs(r.startTimeUs - (t.endTimeUs + 1e6 / t.head.sampleRateHz));
        if (diff <= periodUs / 2 && diff < bestDiff) {
          best = t;
          bestDiff = diff;
        }
      }
      if (best) {
        best.parts.push(r.samples);
        best.count += r.samples.length;
        best.endTimeUs = r.endTimeUs;
      } else {
        open.push({ head: r, parts: [r.samples], count: r.samples.length, endTimeUs: r.endTimeUs });
      }
    }
    const built: Trace[] = open.map((t) => ({
      nslc,
      network: t.head.network,
      station: t.head.station,
      location: t.head.location,
      channel: t.head.channel,
      startTimeUs: t.head.startTimeUs,
      endTimeUs: t.endTimeUs,
      sampleRateHz: t.head.sampleRateHz,
      sampleType: t.head.sampleType,
      samples: concat(t.head.sampleType, t.parts, t.count),
      recordCount: t.parts.length,
    }));
    built.sort((a, b) => a.startTimeUs - b.startTimeUs || a.endTimeUs - b.endTimeUs);
    for (let i = 1; i < built.length; i++) {
      const prev = built[i - 1];
      const next = built[i];
      const periodUs = 1e6 / prev.sampleRateHz;
      const deltaUs = next.startTimeUs - prev.endTimeUs - periodUs; // > 0: samples missing
      const lengthSeconds = Math.abs(deltaUs) / 1e6;
      const isGap = deltaUs > 0;
      gaps.push({
        nslc,
        kind: isGap ? 'gap' : 'overlap',
        startTimeUs: isGap ? Math.round(prev.endTimeUs + periodUs) : next.startTimeUs,
        lengthSeconds,
        lengthSamples: Math.round(lengthSeconds * prev.sampleRateHz),
        previousEndTimeUs: prev.endTimeUs,
        nextStartTimeUs: next.startTimeUs,
      });
    }
    traces.push(...built);
  }
  return { traces, gaps };
}
