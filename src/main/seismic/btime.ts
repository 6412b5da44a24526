/**
 * SEED 2.4 BTIME (10 bytes: year u16, day-of-year u16, hour, minute, second, unused, 0.0001 s
 * ticks u16) to integer microseconds since 1970-01-01T00:00:00Z. Integer microseconds keep the
 * blockette-1001 offset (…019536Z) exact, which a millisecond Date cannot.
 */

export interface BtimeFields {
  year: number;
  dayOfYear: number;
  hour: number;
  minute: number;
  second: number;
  /** units of 0.0001 s, 0…9999 */
  fractionTenthMs: number;
}

/** Valid year/day as libmseed's MS_ISVALIDYEARDAY: used to detect the header byte order. */
export function isValidYearDay(year: number, dayOfYear: number): boolean {
  return year >= 1900 && year <= 2100 && dayOfYear >= 1 && dayOfYear <= 366;
}

/** Returns null when a field is out of range (the caller raises a MiniseedError with the offset). */
export function btimeToUs(t: BtimeFields): number | null {
  if (!isValidYearDay(t.year, t.dayOfYear)) return null;
  if (t.hour > 23 || t.minute > 59 || t.second > 60 || t.fractionTenthMs > 9999) return null;
  const ms = Date.UTC(t.year, 0, 1) + (t.dayOfYear - 1) * 86_400_000 + t.hour * 3_600_000 + t.minute * 60_000 + t.second * 1000;
  return ms * 1000 + t.fractionTenthMs * 100;
}

/** 2003-05-29T02:13:22.043400Z: ISO 8601 with six fractional digits (ObsPy's UTCDateTime form). */
export function formatTimeUs(timeUs: number): string {
  const ms = Math.floor(timeUs / 1000);
  const us = timeUs - ms * 1000;
  const iso = new Date(ms).toISOString(); // 2003-05-29T02:13:22.043Z
  return `${iso.slice(0, 23)}${String(us).padStart(3, '0')}Z`;
}

/** Inverse of formatTimeUs, for tests and settings: '2003-05-29T02:13:22.0434Z' → µs. */
export function parseTimeUs(iso: string): number {
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,6}))?Z$/.exec(iso);
  if (!m) throw new RangeError(`not an ISO UTC time: ${iso}`);
  const whole = Date.parse(`${m[1]}Z`);
  return whole * 1000 + Number((m[2] ?? '').padEnd(6, '0'));
}
