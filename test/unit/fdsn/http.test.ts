import { describe, expect, it } from 'vitest';
import { type FdsnResponse, isTransient, parseRetryAfter, withRetries } from '../../../src/main/fdsn/http';

describe('Retry-After', () => {
  it('reads delta-seconds and HTTP dates', () => {
    expect(parseRetryAfter('120')).toBe(120_000);
    expect(parseRetryAfter(' 0 ')).toBe(0);
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 23:00:00 GMT', now)).toBe(0); // in the past: at once
    expect(parseRetryAfter('soon')).toBeNull();
    expect(parseRetryAfter(null)).toBeNull();
  });
});

describe('retries', () => {
  const busy = (retryAfterMs: number | null): FdsnResponse => ({ kind: 'retry-later', status: 503, retryAfterMs, message: 'busy' });
  const data: FdsnResponse = { kind: 'data', status: 200, body: new Uint8Array(1), contentType: null };

  it('classifies what is worth another try', () => {
    expect(isTransient(busy(null))).toBe(true);
    expect(isTransient({ kind: 'failed', reason: 'timeout', status: null, message: '' })).toBe(true);
    expect(isTransient({ kind: 'failed', reason: 'truncated', status: 200, message: '' })).toBe(true);
    expect(isTransient({ kind: 'failed', reason: 'corrupt', status: 200, message: '' })).toBe(true);
    expect(isTransient({ kind: 'failed', reason: 'http', status: 502, message: '' })).toBe(true);
    expect(isTransient({ kind: 'failed', reason: 'http', status: 400, message: '' })).toBe(false);
    expect(isTransient({ kind: 'no-data', status: 204 })).toBe(false);
    expect(isTransient({ kind: 'too-large', status: 413, message: '' })).toBe(false);
    expect(isTransient(data)).toBe(false);
  });

  it('waits what the server asks (clamped), else backs off exponentially with jitter', async () => {
    const answers = [busy(30), busy(5000), busy(null), { kind: 'failed', reason: 'timeout', status: null, message: '' } as FdsnResponse, data];
    const delays: number[] = [];
    const r = await withRetries(async () => answers.shift()!, {
      maxAttempts: 10,
      baseDelayMs: 4,
      maxDelayMs: 10,
      maxRetryAfterMs: 20,
      random: () => 0.5,
      onRetry: (i) => delays.push(i.delayMs),
    });
    expect(r).toBe(data);
    // Retry-After 30 ms → 20 (clamped); 5 s → 20; then no Retry-After on attempts 3 and 4:
    // min(10, 4·2^(n−1))·0.5 = min(10, 16)·0.5 = 5 and min(10, 32)·0.5 = 5
    expect(delays).toEqual([20, 20, 5, 5]);
  });

  it('doubles the backoff each attempt below its cap', async () => {
    const delays: number[] = [];
    let n = 0;
    await withRetries(async () => (++n < 5 ? busy(null) : data), { maxAttempts: 5, baseDelayMs: 4, maxDelayMs: 1000, maxRetryAfterMs: 0, random: () => 0.25, onRetry: (i) => delays.push(i.delayMs) });
    expect(delays).toEqual([1, 2, 4, 8]);
  });

  it('gives the last answer back after the last attempt', async () => {
    let n = 0;
    const r = await withRetries(async () => (n++, busy(0)), { maxAttempts: 3, baseDelayMs: 0, maxDelayMs: 0, maxRetryAfterMs: 0 });
    expect(n).toBe(3);
    expect(r.kind).toBe('retry-later');
  });

  it('stops waiting when cancelled', async () => {
    const c = new AbortController();
    const p = withRetries(async () => busy(10_000), { maxAttempts: 5, baseDelayMs: 0, maxDelayMs: 0, maxRetryAfterMs: 60_000, signal: c.signal });
    setTimeout(() => c.abort(), 10);
    await expect(p).rejects.toMatchObject({ code: 'cancelled' });
  });
});
