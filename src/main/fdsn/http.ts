/**
 * One HTTP request to an FDSN web service, classified the way the FDSN specification defines its
 * answers (200 data, 204/404 no data, 413 request too large, 429/503 come back later), with the
 * failures a long download meets in the field made explicit: a server that stalls (no byte for
 * `stallTimeoutMs`), a body cut off before its Content-Length or mid-stream, a dropped connection.
 * Node's fetch (undici) is used directly: seisplotjs' fetch wrapper sends a referrer Node rejects.
 * Nothing here throws for a bad answer; only cancellation throws, so callers switch on `kind`.
 */
import { ForeseisError } from '../../shared/errors';

/**
 * The 'corrupt' failure is never produced here: a caller that checks a 200 body (the dataselect
 * client decodes it) returns it from its `withRetries` attempt, so that a body with bad or cut-off
 * records is fetched again like any other transient failure.
 */
export type FdsnResponse =
  | { kind: 'data'; status: number; body: Uint8Array; contentType: string | null }
  | { kind: 'no-data'; status: number }
  | { kind: 'too-large'; status: number; message: string }
  | { kind: 'retry-later'; status: number; retryAfterMs: number | null; message: string }
  | { kind: 'failed'; reason: 'timeout' | 'truncated' | 'network' | 'http' | 'corrupt'; status: number | null; message: string };

export interface FdsnRequest {
  url: string;
  method?: 'GET' | 'POST';
  /** POST body (an FDSN selection list), sent as text/plain */
  body?: string;
  /** abort when no byte arrives for this long (headers or body), ms */
  stallTimeoutMs?: number;
  signal?: AbortSignal;
}

const DEFAULT_STALL_TIMEOUT_MS = 60_000;

/** Send one request and read the whole body. Throws only ForeseisError('cancelled'). */
export async function fdsnRequest(req: FdsnRequest): Promise<FdsnResponse> {
  const stallMs = req.stallTimeoutMs ?? DEFAULT_STALL_TIMEOUT_MS;
  const local = new AbortController();
  let stalled = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const arm = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      stalled = true;
      local.abort();
    }, stallMs);
  };
  const onCancel = (): void => local.abort();
  req.signal?.addEventListener('abort', onCancel, { once: true });
  const cancelled = (): never => {
    throw new ForeseisError('cancelled', 'cancelled');
  };
  try {
    if (req.signal?.aborted) cancelled();
    arm();
    let res: Response;
    try {
      res = await fetch(req.url, {
        method: req.method ?? 'GET',
        body: req.body,
        headers: req.body !== undefined ? { 'content-type': 'text/plain' } : undefined,
        signal: local.signal,
        redirect: 'follow',
      });
    } catch (err) {
      if (req.signal?.aborted) cancelled();
      if (stalled) return { kind: 'failed', reason: 'timeout', status: null, message: `no answer within ${stallMs / 1000} s from ${req.url}` };
      return { kind: 'failed', reason: 'network', status: null, message: `${describe(err)} (${req.url})` };
    }
    const read = await readBody(res, arm);
    if (req.signal?.aborted) cancelled();
    if (read.error !== null) {
      if (stalled) return { kind: 'failed', reason: 'timeout', status: res.status, message: `body stalled for ${stallMs / 1000} s after ${read.bytes.length} bytes (${req.url})` };
      return { kind: 'failed', reason: 'truncated', status: res.status, message: `body cut off after ${read.bytes.length} bytes: ${read.error} (${req.url})` };
    }
    const declared = Number(res.headers.get('content-length'));
    if (res.headers.has('content-length') && Number.isFinite(declared) && read.bytes.length !== declared) {
      return { kind: 'failed', reason: 'truncated', status: res.status, message: `body has ${read.bytes.length} of ${declared} bytes (${req.url})` };
    }
    return classify(res, read.bytes);
  } finally {
    clearTimeout(timer);
    req.signal?.removeEventListener('abort', onCancel);
  }
}

function classify(res: Response, body: Uint8Array): FdsnResponse {
  const status = res.status;
  if (status === 200) return { kind: 'data', status, body, contentType: res.headers.get('content-type') };
  if (status === 204 || status === 404) return { kind: 'no-data', status };
  const message = `HTTP ${status}: ${firstLine(body)}`;
  if (status === 413) return { kind: 'too-large', status, message };
  if (status === 429 || status === 503) return { kind: 'retry-later', status, retryAfterMs: parseRetryAfter(res.headers.get('retry-after')), message };
  return { kind: 'failed', reason: 'http', status, message };
}

async function readBody(res: Response, onBytes: () => void): Promise<{ bytes: Uint8Array; error: string | null }> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  let error: string | null = null;
  if (res.body) {
    const reader = res.body.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        onBytes();
        chunks.push(value);
        total += value.length;
      }
    } catch (err) {
      error = describe(err);
    }
  }
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.length;
  }
  return { bytes, error };
}

/** Retry-After is either delta-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | null, nowMs = Date.now()): number | null {
  if (value === null) return null;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  return Number.isFinite(at) ? Math.max(0, at - nowMs) : null;
}

function firstLine(body: Uint8Array): string {
  const text = new TextDecoder().decode(body.subarray(0, 400)).trim();
  return (text.split(/\r?\n/).find((l) => l.trim() !== '') ?? '').slice(0, 200) || '(empty body)';
}

function describe(err: unknown): string {
  if (err instanceof Error) {
    const cause = (err as Error & { cause?: unknown }).cause;
    return cause instanceof Error ? `${err.message}: ${cause.message}` : err.message;
  }
  return String(err);
}

export interface RetryPolicy {
  /** attempts in all, the first included */
  maxAttempts: number;
  /** first backoff delay; doubles each attempt (full jitter), ms */
  baseDelayMs: number;
  maxDelayMs: number;
  /** a Retry-After longer than this is clamped (a server asking for an hour is not waited on), ms */
  maxRetryAfterMs: number;
  /** injectable for tests: a deterministic jitter source in [0, 1) */
  random?: () => number;
  signal?: AbortSignal;
  onRetry?: (info: { attempt: number; delayMs: number; response: FdsnResponse }) => void;
}

export const defaultRetryPolicy: RetryPolicy = { maxAttempts: 6, baseDelayMs: 1000, maxDelayMs: 60_000, maxRetryAfterMs: 300_000 };

/** Worth another try: come-back-later answers, stalls, cut-off bodies, dropped connections, 5xx. */
export function isTransient(r: FdsnResponse): boolean {
  if (r.kind === 'retry-later') return true;
  if (r.kind !== 'failed') return false;
  return r.reason !== 'http' || (r.status !== null && r.status >= 500);
}

/**
 * Repeat `attempt` while its answer is transient, waiting Retry-After when the server gave one and
 * exponential backoff with full jitter otherwise (AWS's recommendation: it spreads retries of many
 * clients). Returns the last answer: the caller decides what a final failure means.
 */
export async function withRetries(attempt: () => Promise<FdsnResponse>, policy: RetryPolicy = defaultRetryPolicy): Promise<FdsnResponse> {
  const random = policy.random ?? Math.random;
  for (let n = 1; ; n++) {
    const response = await attempt();
    if (!isTransient(response) || n >= policy.maxAttempts) return response;
    const backoff = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (n - 1)) * random();
    const asked = response.kind === 'retry-later' && response.retryAfterMs !== null ? Math.min(response.retryAfterMs, policy.maxRetryAfterMs) : null;
    const delayMs = asked ?? backoff;
    policy.onRetry?.({ attempt: n, delayMs, response });
    await sleep(delayMs, policy.signal);
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new ForeseisError('cancelled', 'cancelled'));
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(t);
      reject(new ForeseisError('cancelled', 'cancelled'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
