/**
 * fdsnws-event client: build the URL (event-query.ts), send it through the classified request with
 * retries (http.ts), parse QuakeML 1.2 or text. 204/404 means "no events", an empty list, not a
 * failure. A 413 (request too large) splits the time range in two and asks again, down to
 * `minSplitMs`, because catalogue services cap the number of events per answer.
 */
import { ForeseisError } from '../../shared/errors';
import { type DataCenter, serviceUrl } from './datacenters';
import { buildEventQueryUrl, type EventParameterValue } from './event-query';
import { parseQuakeml } from './event-quakeml';
import { parseEventText } from './event-text';
import type { FdsnEvent, ParsedEvents } from './event-types';
import { defaultRetryPolicy, type FdsnResponse, fdsnRequest, type RetryPolicy, withRetries } from './http';

export interface EventQuery {
  startTimeUs: number;
  endTimeUs: number;
  minMagnitude?: number;
  maxMagnitude?: number;
  /** radius search around a point (e.g. the station), degrees */
  latitudeDeg?: number;
  longitudeDeg?: number;
  minRadiusDeg?: number;
  maxRadiusDeg?: number;
  magnitudeType?: string;
  catalog?: string;
  contributor?: string;
  orderBy?: 'time' | 'time-asc' | 'magnitude' | 'magnitude-asc';
  /** answer format: QuakeML 1.2 (default) or the FDSN text format */
  format?: 'xml' | 'text';
}

export interface EventQueryOptions {
  signal?: AbortSignal;
  retry?: Partial<RetryPolicy>;
  stallTimeoutMs?: number;
  /** smallest time span a 413 answer may split into, ms (default 1 day) */
  minSplitMs?: number;
  /** each URL as it is requested (for the log and for tests) */
  onRequest?: (url: string) => void;
}

export interface EventQueryResult extends ParsedEvents {
  urls: string[];
}

/** The query as fdsnws-event parameters (canonical names). */
export function eventQueryParameters(q: EventQuery): Record<string, EventParameterValue | undefined> {
  return {
    starttime: q.startTimeUs,
    endtime: q.endTimeUs,
    minmagnitude: q.minMagnitude,
    maxmagnitude: q.maxMagnitude,
    latitude: q.latitudeDeg,
    longitude: q.longitudeDeg,
    minradius: q.minRadiusDeg,
    maxradius: q.maxRadiusDeg,
    magnitudetype: q.magnitudeType,
    catalog: q.catalog,
    contributor: q.contributor,
    orderby: q.orderBy ?? 'time-asc',
    format: q.format ?? 'xml',
  };
}

export function parseEventBody(body: Uint8Array, format: 'xml' | 'text'): ParsedEvents {
  const textBody = new TextDecoder().decode(body);
  if (textBody.trim() === '') return { events: [], notes: [] };
  return format === 'text' ? parseEventText(textBody) : parseQuakeml(textBody);
}

function failure(r: FdsnResponse, url: string): ForeseisError {
  const what = r.kind === 'failed' || r.kind === 'retry-later' || r.kind === 'too-large' ? r.message : `HTTP ${r.status}`;
  if (r.kind === 'failed' && r.reason === 'http' && r.status !== null && r.status >= 400 && r.status < 500) {
    return new ForeseisError('bad-input', `the event service refused the query (${what}): ${url}`);
  }
  return new ForeseisError('network', `the event service did not answer: ${what}`);
}

export async function queryEvents(dc: DataCenter, query: EventQuery, options: EventQueryOptions = {}): Promise<EventQueryResult> {
  if (!(query.endTimeUs > query.startTimeUs)) throw new ForeseisError('bad-input', 'the end time must be after the start time');
  const root = serviceUrl(dc, 'event');
  const format = query.format ?? 'xml';
  const policy: RetryPolicy = { ...defaultRetryPolicy, ...options.retry, signal: options.signal };
  const minSplitUs = (options.minSplitMs ?? 86_400_000) * 1000;
  const urls: string[] = [];
  const notes: string[] = [];
  const events: FdsnEvent[] = [];

  const run = async (startTimeUs: number, endTimeUs: number): Promise<void> => {
    const url = buildEventQueryUrl(root, eventQueryParameters({ ...query, startTimeUs, endTimeUs }));
    urls.push(url);
    options.onRequest?.(url);
    const r = await withRetries(() => fdsnRequest({ url, signal: options.signal, stallTimeoutMs: options.stallTimeoutMs }), policy);
    if (r.kind === 'no-data') return;
    if (r.kind === 'too-large' && endTimeUs - startTimeUs > 2 * minSplitUs) {
      const mid = startTimeUs + Math.floor((endTimeUs - startTimeUs) / 2);
      notes.push(`the service found ${url} too large; split at ${new Date(mid / 1000).toISOString()}`);
      await run(startTimeUs, mid);
      await run(mid, endTimeUs);
      return;
    }
    if (r.kind !== 'data') throw failure(r, url);
    const parsed = parseEventBody(r.body, format);
    events.push(...parsed.events);
    notes.push(...parsed.notes);
  };
  await run(query.startTimeUs, query.endTimeUs);
  // Split queries meet at `mid`: an event exactly there may come twice.
  const seen = new Set<string>();
  const unique = events.filter((e) => (seen.has(e.publicId) ? false : (seen.add(e.publicId), true)));
  return { events: unique, notes, urls };
}
