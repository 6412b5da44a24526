/**
 * Times as FDSN event services write them, to integer microseconds since 1970-01-01Z. The forms
 * met in real answers: '2019-10-31T01:20:58.661000Z' (USGS via ObsPy), '2014-11-06T00:24:42.240Z'
 * (ComCat), '2011-03-11T05:46:24.1200' (IRIS: no zone, UTC implied), '2012-04-04T14:21:42.3+00:00'
 * (EMSC), '2012-04-11T08:38:37.00000' (FDSN text), and a bare date '2020-03-01' (midnight UTC). A Date keeps only milliseconds, so the fraction
 * is read as digits; digits beyond the sixth are rounded.
 */
const TIME = /^(\d{4})-(\d\d)-(\d\d)(?:[T ](\d\d):(\d\d)(?::(\d\d)(?:\.(\d+))?)?)?\s*(Z|[+-]\d\d:?\d\d)?$/i;

/** µs since epoch, or null when the text is not an ISO 8601 date-time. */
export function parseEventTimeUs(text: string): number | null {
  const m = TIME.exec(text.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  const wholeMs = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h ?? 0), Number(mi ?? 0), Number(s ?? 0));
  // Date.UTC rolls 02-30 over into March: refuse dates that do not exist
  if (!Number.isFinite(wholeMs) || new Date(wholeMs).getUTCDate() !== Number(d) || Number(h ?? 0) > 23 || Number(mi ?? 0) > 59 || Number(s ?? 0) > 60) return null;
  let us = 0;
  if (frac) us = Math.round(Number(`0.${frac}`) * 1e6);
  let offsetMinutes = 0;
  if (zone && zone.toUpperCase() !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    offsetMinutes = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4)));
  }
  return (wholeMs - offsetMinutes * 60_000) * 1000 + us;
}

/** '2012-03-01T00:00:00' or with '.ffffff' when the time has a fraction: what fdsnws-event accepts. */
export function formatQueryTime(timeUs: number): string {
  const ms = Math.floor(timeUs / 1000);
  const us = timeUs - ms * 1000;
  const iso = new Date(ms).toISOString(); // 2012-03-01T00:00:00.000Z
  const fraction = `${iso.slice(20, 23)}${String(us).padStart(3, '0')}`;
  return fraction === '000000' ? iso.slice(0, 19) : `${iso.slice(0, 19)}.${fraction}`;
}
