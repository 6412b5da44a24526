/**
 * A real FDSN web-service server on 127.0.0.1 (a random port) for the client tests: it implements
 * /fdsnws/station/1/query (serving given StationXML or FDSN text documents) and
 * /fdsnws/dataselect/1/query (GET and POST), answering with the whole records of real miniSEED
 * files that overlap the requested spans, as a real data centre does. On demand it misbehaves:
 * 503/429 with Retry-After, 204, 404, 413 above a span, a body cut off mid-record (with or without
 * a Content-Length), a corrupted record, a stall longer than the client's timeout. It logs every
 * request it receives, so tests can count them.
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { canonicalParam, parseDataselectPostBody } from '../../src/main/fdsn/query';
import { parseFdsnTimeUs } from '../../src/main/fdsn/time';
import { decodeMiniseed } from '../../src/main/seismic';

export interface ServedSelection {
  network: string;
  station: string;
  location: string;
  channel: string;
  startUs: number;
  endUs: number;
}

export interface ServedRequest {
  /** order of arrival, from 0, over all services */
  index: number;
  service: 'station' | 'dataselect' | 'other';
  method: string;
  params: Record<string, string>;
  selections: ServedSelection[];
  /** what was answered: 200, 204, …, or 'stall', 'truncated', 'corrupt' */
  answer: string;
  bytes: number;
}

export type Misbehaviour =
  | { kind: 'status'; status: 204 | 404 | 429 | 500 | 503; retryAfter?: string }
  | { kind: 'truncate'; declareLength: boolean }
  | { kind: 'corrupt' }
  | { kind: 'stall'; ms: number };

export interface Rule {
  /** which requests (default: every dataselect request) */
  match?: (r: ServedRequest) => boolean;
  then: Misbehaviour;
  /** how many matching requests get it (default: all) */
  times?: number;
}

export interface StationDocument {
  network: string;
  station: string;
  xml?: string;
  text?: string;
}

interface IndexedRecord {
  network: string;
  station: string;
  location: string;
  channel: string;
  startUs: number;
  /** last sample + one period */
  endUs: number;
  bytes: Uint8Array;
}

export interface FdsnTestServer {
  /** base URL, e.g. http://127.0.0.1:40123 */
  url: string;
  requests: ServedRequest[];
  rules: Rule[];
  /** spans longer than this are answered 413 (seconds; default none) */
  maxSpanSeconds: number | null;
  /** every dataselect answer waits this long first (ms; default 0) */
  delayMs: number;
  /** called after each dataselect answer has been sent in full */
  onAnswered: ((r: ServedRequest) => void) | null;
  /** the most dataselect requests that were open at once (reset it with the request log) */
  maxInFlight: number;
  close(): Promise<void>;
}

function matchCode(pattern: string, code: string): boolean {
  return pattern.split(',').some((p) => {
    const want = p === '--' ? '' : p;
    const re = new RegExp(`^${want.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
    return re.test(code);
  });
}

function indexRecords(files: readonly Uint8Array[]): IndexedRecord[] {
  const out: IndexedRecord[] = [];
  for (const f of files) {
    const { records, errors } = decodeMiniseed(f);
    if (errors.length > 0) throw new Error(`test server fixture has bad records: ${errors[0].message}`);
    for (const r of records) {
      out.push({
        network: r.network,
        station: r.station,
        location: r.location,
        channel: r.channel,
        startUs: r.startTimeUs,
        endUs: r.endTimeUs + Math.round(1e6 / r.sampleRateHz),
        bytes: f.subarray(r.offset, r.offset + r.recordLengthBytes),
      });
    }
  }
  return out.sort((a, b) => a.startUs - b.startUs);
}

export async function startFdsnServer(options: { miniseed: readonly Uint8Array[]; stations?: readonly StationDocument[] }): Promise<FdsnTestServer> {
  const records = indexRecords(options.miniseed);
  const sockets = new Set<Socket>();
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const wait = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const t = setTimeout(() => {
        timers.delete(t);
        resolve();
      }, ms);
      timers.add(t);
    });

  const state: FdsnTestServer = {
    url: '',
    requests: [],
    rules: [],
    maxSpanSeconds: null,
    delayMs: 0,
    onAnswered: null,
    maxInFlight: 0,
    close: async () => {
      for (const t of timers) clearTimeout(t);
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };

  let inFlight = 0;
  const server = http.createServer((req, res) => {
    if (req.url?.startsWith('/fdsnws/dataselect/')) {
      inFlight++;
      state.maxInFlight = Math.max(state.maxInFlight, inFlight);
      res.on('close', () => inFlight--);
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void answer(req, res, Buffer.concat(chunks).toString('utf8')).catch((err: unknown) => {
        if (!res.headersSent && !res.destroyed) {
          res.writeHead(500, { 'content-type': 'text/plain' });
          res.end(`test server error: ${(err as Error).message}`);
        }
      });
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  function send(res: http.ServerResponse, status: number, body: string | Uint8Array, contentType = 'text/plain', extra: Record<string, string> = {}): number {
    if (res.destroyed) return 0;
    const bytes = typeof body === 'string' ? Buffer.from(body) : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
    res.writeHead(status, { 'content-type': contentType, 'content-length': String(bytes.length), ...extra });
    res.end(bytes);
    return bytes.length;
  }

  async function answer(req: http.IncomingMessage, res: http.ServerResponse, body: string): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const params: Record<string, string> = {};
    for (const [k, v] of url.searchParams) params[canonicalParam(k)] = v;
    const service = url.pathname === '/fdsnws/station/1/query' ? 'station' : url.pathname === '/fdsnws/dataselect/1/query' ? 'dataselect' : 'other';
    const served: ServedRequest = { index: state.requests.length, service, method: req.method ?? 'GET', params, selections: [], answer: '', bytes: 0 };
    state.requests.push(served);
    if (service === 'other') {
      served.answer = '404';
      send(res, 404, 'no such service');
      return;
    }
    if (service === 'station') {
      const docs = (options.stations ?? []).filter((d) => matchCode(params.network ?? '*', d.network) && matchCode(params.station ?? '*', d.station));
      const format = params.format ?? 'xml';
      const found = docs.map((d) => (format === 'text' ? d.text : d.xml)).filter((x): x is string => x !== undefined);
      if (found.length === 0) {
        served.answer = '204';
        res.writeHead(204).end();
        return;
      }
      served.answer = '200';
      served.bytes = send(res, 200, found[0], format === 'text' ? 'text/plain' : 'application/xml');
      return;
    }
    // dataselect
    try {
      if (served.method === 'POST') {
        const parsed = parseDataselectPostBody(body);
        Object.assign(params, parsed.params);
        served.selections = parsed.selections.map((s) => ({ ...s, startUs: parseFdsnTimeUs(s.start), endUs: parseFdsnTimeUs(s.end) }));
      } else {
        const start = parseFdsnTimeUs(params.starttime ?? '');
        const end = parseFdsnTimeUs(params.endtime ?? '');
        served.selections = (params.channel ?? '*').split(',').map((channel) => ({
          network: params.network ?? '*',
          station: params.station ?? '*',
          location: params.location === '--' ? '' : (params.location ?? '*'),
          channel,
          startUs: start,
          endUs: end,
        }));
      }
    } catch (err) {
      served.answer = '400';
      send(res, 400, `bad request: ${(err as Error).message}`);
      return;
    }
    if (state.delayMs > 0) await wait(state.delayMs);
    const rule = state.rules.find((r) => (r.times === undefined || r.times > 0) && (r.match ? r.match(served) : true));
    if (rule && rule.times !== undefined) rule.times--;
    const m = rule?.then;
    if (m?.kind === 'status') {
      served.answer = String(m.status);
      if (m.status === 204) res.writeHead(204).end();
      else send(res, m.status, `Error ${m.status}: test server says so`, 'text/plain', m.retryAfter === undefined ? {} : { 'retry-after': m.retryAfter });
      state.onAnswered?.(served);
      return;
    }
    if (m?.kind === 'stall') {
      served.answer = 'stall';
      await wait(m.ms);
      if (!res.destroyed) res.destroy();
      return;
    }
    if (state.maxSpanSeconds !== null && served.selections.some((s) => s.endUs - s.startUs > state.maxSpanSeconds! * 1e6)) {
      served.answer = '413';
      send(res, 413, `Error 413: request too large (more than ${state.maxSpanSeconds} s)`);
      state.onAnswered?.(served);
      return;
    }
    const parts: Uint8Array[] = [];
    for (const s of served.selections) {
      for (const r of records) {
        if (!matchCode(s.network, r.network) || !matchCode(s.station, r.station) || !matchCode(s.location, r.location) || !matchCode(s.channel, r.channel)) continue;
        if (r.startUs < s.endUs && r.endUs > s.startUs) parts.push(r.bytes);
      }
    }
    if (parts.length === 0) {
      served.answer = params.nodata === '404' ? '404' : '204';
      if (served.answer === '404') send(res, 404, 'Error 404: no data');
      else res.writeHead(204).end();
      state.onAnswered?.(served);
      return;
    }
    const full = Buffer.concat(parts);
    if (m?.kind === 'corrupt') {
      // Break the fixed header of the record in the middle: that record cannot be decoded.
      const at = Math.floor(parts.length / 2) * parts[0].length;
      const bad = Buffer.from(full);
      bad.fill(0x7a, at, at + 20);
      served.answer = 'corrupt';
      served.bytes = send(res, 200, bad, 'application/vnd.fdsn.mseed');
      state.onAnswered?.(served);
      return;
    }
    if (m?.kind === 'truncate') {
      // Cut in the middle of a record (never on a record boundary).
      const cut = Math.max(1, Math.floor(full.length / 2) - Math.floor(parts[0].length / 3));
      served.answer = 'truncated';
      served.bytes = cut;
      if (m.declareLength) {
        res.writeHead(200, { 'content-type': 'application/vnd.fdsn.mseed', 'content-length': String(full.length) });
        res.write(full.subarray(0, cut), () => res.destroy());
      } else {
        res.writeHead(200, { 'content-type': 'application/vnd.fdsn.mseed' });
        res.end(full.subarray(0, cut));
      }
      state.onAnswered?.(served);
      return;
    }
    served.answer = '200';
    served.bytes = send(res, 200, full, 'application/vnd.fdsn.mseed');
    res.on('finish', () => state.onAnswered?.(served));
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return state;
}
