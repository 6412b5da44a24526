/**
 * Store decoded miniSEED traces of one station as a project segment: the one path by which real
 * waveforms enter a project, whether downloaded (src/main/download) or imported from files
 * (`foreseis import`). Gaps stay gaps: each continuous trace becomes its own waveform piece, so a
 * window that would bridge a gap is refused later instead of being filled silently.
 */
import type { SegmentKind } from '../../shared/records';
import { ForeseisError } from '../../shared/errors';
import type { Trace } from '../seismic';
import { insertSegment, type Project, type WaveformPiece } from '../store';

export interface StoreTracesInput {
  stationId: number;
  /** channel code (e.g. 'BHZ') → channel id, as returned by upsertStation */
  channelIds: ReadonlyMap<string, number>;
  kind: SegmentKind;
  eventId: number | null;
  /** the span that was asked for, µs since epoch (the segment's extent, not the data's) */
  startTimeUs: number;
  endTimeUs: number;
  /** where the samples came from, e.g. 'fdsn:iris' or 'file:/data/IU.MAJO.mseed' */
  source: string;
  traces: readonly Trace[];
}

export interface StoreTracesResult {
  segmentId: number;
  pieces: number;
  samples: number;
  /** samples whose integer count is beyond float32's exact range (|x| > 2^24): stored rounded */
  inexactSamples: number;
}

/** Float32 holds every integer up to 2^24 exactly: all of a 24-bit digitizer's range. */
const FLOAT32_EXACT_INT = 2 ** 24;

/**
 * Insert the segment and its pieces. Must run inside `project.writeTransaction` (several files
 * and rows: a crash leaves none of it). Traces of channels not in `channelIds` are an error, not
 * silently dropped: the caller decides which channels it wants before calling.
 */
export function storeTraces(project: Project, input: StoreTracesInput): StoreTracesResult {
  const pieces: WaveformPiece[] = [];
  let inexactSamples = 0;
  let samples = 0;
  for (const t of input.traces) {
    const channelId = input.channelIds.get(t.channel);
    if (channelId === undefined) throw new ForeseisError('bad-input', `trace ${t.nslc} has no channel '${t.channel}' in the station's metadata`);
    const data = new Float32Array(t.samples.length);
    for (let i = 0; i < data.length; i++) {
      const x = t.samples[i]!;
      if (Math.abs(x) > FLOAT32_EXACT_INT && Number.isInteger(x)) inexactSamples++;
      data[i] = x;
    }
    samples += data.length;
    pieces.push({ channelId, startTimeUs: t.startTimeUs, sampleRateHz: t.sampleRateHz, data });
  }
  const segmentId = insertSegment(
    project,
    { stationId: input.stationId, kind: input.kind, eventId: input.eventId, startTimeUs: input.startTimeUs, endTimeUs: input.endTimeUs, source: input.source },
    pieces,
  );
  return { segmentId, pieces: pieces.filter((p) => p.data.length > 0).length, samples, inexactSamples };
}
