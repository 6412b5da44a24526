/**
 * fdsnws-dataselect client: one request for a span of several channels of one station, by GET
 * (`channel=BH1,BH2,BHZ`) or POST (a selection list, one line per channel), with the retries of
 * http.ts. A 200 body is decoded before it is accepted: a body with a record cut off or unreadable
 * counts as a transient failure ('corrupt') and is fetched again, like a body cut off mid-stream.
 *
 * Why not seisplotjs' dataselect client: measured with seisplotjs 3.2.2 on Node 20, its Node entry
 * touches DOM globals at import, its fetch passes a referrer Node's fetch rejects, and its miniSEED
 * parser keeps times to the millisecond; src/main/seismic keeps µs.
 */
import type { DecodedRecord } from '../seismic';
import { decodeSelected, type StreamSelection } from './assemble';
import { type DataCenter, serviceUrl } from './datacenters';
import { defaultRetryPolicy, fdsnRequest, type FdsnResponse, type RetryPolicy, withRetries } from './http';
import { dataselectPostBody, dataselectUrl, queryUrl } from './query';

export interface DataselectRequest extends StreamSelection {
  startTimeUs: number;
  endTimeUs: number;
  method: 'GET' | 'POST';
}

export type DataselectOutcome =
  | { kind: 'data'; status: number; body: Uint8Array; records: DecodedRecord[] }
  | { kind: 'no-data'; status: number }
  | { kind: 'too-large'; status: number; message: string }
  | { kind: 'failed'; message: string; status: number | null };

export interface DataselectOptions {
  retry?: RetryPolicy;
  stallTimeoutMs?: number;
  signal?: AbortSignal;
  /** called before every attempt (for counting requests) */
  onAttempt?: () => void;
}

/** The URL and body of one request (pure). */
export function dataselectHttpRequest(root: string, r: DataselectRequest): { url: string; method: 'GET' | 'POST'; body?: string } {
  const q = { network: r.network, station: r.station, location: r.location, channel: r.channels, startTimeUs: r.startTimeUs, endTimeUs: r.endTimeUs };
  if (r.method === 'GET') return { url: dataselectUrl(root, q), method: 'GET' };
  return { url: queryUrl(root, []).replace(/\?$/, ''), method: 'POST', body: dataselectPostBody([q]) };
}

/**
 * Fetch one span. Returns after the retries are spent; never throws but for cancellation. An
 * empty 200 body is "no data" (some servers answer so instead of 204).
 */
export async function fetchDataselect(dc: DataCenter, req: DataselectRequest, options: DataselectOptions = {}): Promise<DataselectOutcome> {
  const http = dataselectHttpRequest(serviceUrl(dc, 'dataselect'), req);
  // (typed by a cast: assigned inside the attempt closure, which TypeScript's narrowing does not see)
  let accepted = null as { status: number; body: Uint8Array; records: DecodedRecord[] } | null;
  const attempt = async (): Promise<FdsnResponse> => {
    options.onAttempt?.();
    const r = await fdsnRequest({ ...http, stallTimeoutMs: options.stallTimeoutMs, signal: options.signal });
    if (r.kind !== 'data' || r.body.length === 0) return r;
    const decoded = decodeSelected(r.body, req);
    if (decoded.errors.length > 0) {
      return { kind: 'failed', reason: 'corrupt', status: r.status, message: `${decoded.errors.length} bad record(s): ${decoded.errors[0].message}` };
    }
    accepted = { status: r.status, body: r.body, records: decoded.records };
    return r;
  };
  const r = await withRetries(attempt, { ...(options.retry ?? defaultRetryPolicy), signal: options.signal });
  switch (r.kind) {
    case 'data':
      if (r.body.length === 0 || accepted === null) return { kind: 'no-data', status: r.status };
      return { kind: 'data', ...accepted };
    case 'no-data':
      return { kind: 'no-data', status: r.status };
    case 'too-large':
      return { kind: 'too-large', status: r.status, message: r.message };
    case 'retry-later':
      return { kind: 'failed', status: r.status, message: `still busy after retries: ${r.message}` };
    default:
      return { kind: 'failed', status: r.status, message: r.message };
  }
}
