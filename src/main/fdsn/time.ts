/**
 * Times as FDSN web services write and read them, kept to the microsecond (miniSEED's precision;
 * a JavaScript Date keeps milliseconds only). Requests use `YYYY-MM-DDThh:mm:ss[.ffffff]` without
 * a zone letter, the form every fdsnws implementation accepts (the specification says all times
 * are UTC; some older servers reject a trailing 'Z').
 */

/** '2010-02-27T06:50:00' or '2010-02-27T06:50:00.069539' (fraction only when non-zero). */
export function formatFdsnTime(timeUs: number): string {
  if (!Number.isInteger(timeUs)) throw new RangeError(`time must be integer µs, got ${timeUs}`);
  const ms = Math.floor(timeUs / 1000);
  const us = timeUs - ms * 1000;
  const iso = new Date(ms).toISOString(); // 2010-02-27T06:50:00.069Z
  const whole = iso.slice(0, 19);
  const fraction = `${iso.slice(20, 23)}${String(us).padStart(3, '0')}`;
  return fraction === '000000' ? whole : `${whole}.${fraction}`;
}

/**
 * Parse an FDSN/StationXML time to µs: a date alone, or date and time with an optional fraction
 * (any number of digits; beyond µs it is truncated) and an optional 'Z' or +00:00. Throws RangeError.
 */
export function parseFdsnTimeUs(text: string): number {
  const m = /^(\d{4})-(\d\d)-(\d\d)(?:[T ](\d\d):(\d\d)(?::(\d\d)(?:\.(\d+))?)?)?\s*(Z|[+-]00:?00)?$/.exec(text.trim());
  if (!m) throw new RangeError(`not an FDSN time: '${text}'`);
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = ''] = m;
  const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  if (!Number.isFinite(ms)) throw new RangeError(`not an FDSN time: '${text}'`);
  return ms * 1000 + Number(frac.slice(0, 6).padEnd(6, '0'));
}
