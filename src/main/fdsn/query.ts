/**
 * Pure builders of fdsnws-station and fdsnws-dataselect requests (FDSN Web Service Specifications
 * 1.2): GET query strings from a table of parameters, and the POST selection list of dataselect.
 * Parameters are written in their long form; `FDSN_ALIASES` maps the short forms the specification
 * also allows (net, sta, loc, cha, start, end, minlat, …) so a server (ours in the tests) or a
 * caller can normalise either. An empty location code is written '--', as the specification asks.
 *
 * Why not seisplotjs' query builders: measured with seisplotjs 3.2.2 on Node 20, importing its Node
 * entry touches DOM globals (HTMLDivElement, customElements) and its fetch sends a referrer that
 * Node's fetch rejects, so it cannot be used in the Node side at all.
 */
import { formatFdsnTime } from './time';

/** Short parameter names the specification accepts, and the long name each stands for. */
export const FDSN_ALIASES: Readonly<Record<string, string>> = {
  net: 'network',
  sta: 'station',
  loc: 'location',
  cha: 'channel',
  start: 'starttime',
  end: 'endtime',
  minlat: 'minlatitude',
  maxlat: 'maxlatitude',
  minlon: 'minlongitude',
  maxlon: 'maxlongitude',
  lat: 'latitude',
  lon: 'longitude',
};

/** The long name of a parameter, whichever form was written. */
export function canonicalParam(name: string): string {
  const lower = name.toLowerCase();
  return FDSN_ALIASES[lower] ?? lower;
}

/** 'IU', ['BH1','BH2'] → 'BH1,BH2'; '' location → '--'. */
function codeList(value: string | readonly string[], isLocation = false): string {
  const list = typeof value === 'string' ? [value] : [...value];
  return list.map((c) => (isLocation && c.trim() === '' ? '--' : c.trim())).join(',');
}

export interface StationQuery {
  network?: string | readonly string[];
  station?: string | readonly string[];
  location?: string | readonly string[];
  channel?: string | readonly string[];
  /** µs since epoch */
  startTimeUs?: number;
  endTimeUs?: number;
  level?: 'network' | 'station' | 'channel' | 'response';
  format?: 'xml' | 'text';
  latitudeDeg?: number;
  longitudeDeg?: number;
  maxRadiusDeg?: number;
}

export interface DataselectQuery {
  network: string;
  station: string;
  location: string;
  channel: string | readonly string[];
  startTimeUs: number;
  endTimeUs: number;
  /** D, R, Q, M or B (best); omitted = the server's default (B) */
  quality?: 'D' | 'R' | 'Q' | 'M' | 'B';
}

/** The ordered parameter table of a station query (undefined entries are left out). */
export function stationParams(q: StationQuery): [string, string][] {
  const p: [string, string | undefined][] = [
    ['network', q.network === undefined ? undefined : codeList(q.network)],
    ['station', q.station === undefined ? undefined : codeList(q.station)],
    ['location', q.location === undefined ? undefined : codeList(q.location, true)],
    ['channel', q.channel === undefined ? undefined : codeList(q.channel)],
    ['starttime', q.startTimeUs === undefined ? undefined : formatFdsnTime(q.startTimeUs)],
    ['endtime', q.endTimeUs === undefined ? undefined : formatFdsnTime(q.endTimeUs)],
    ['latitude', q.latitudeDeg?.toString()],
    ['longitude', q.longitudeDeg?.toString()],
    ['maxradius', q.maxRadiusDeg?.toString()],
    ['level', q.level ?? 'channel'],
    ['format', q.format ?? 'xml'],
  ];
  return p.filter((e): e is [string, string] => e[1] !== undefined);
}

export function dataselectParams(q: DataselectQuery): [string, string][] {
  const p: [string, string][] = [
    ['network', codeList(q.network)],
    ['station', codeList(q.station)],
    ['location', codeList(q.location, true)],
    ['channel', codeList(q.channel)],
    ['starttime', formatFdsnTime(q.startTimeUs)],
    ['endtime', formatFdsnTime(q.endTimeUs)],
  ];
  if (q.quality) p.push(['quality', q.quality]);
  return p;
}

/** `root` is a service root ending in '/', e.g. 'https://service.iris.edu/fdsnws/station/1/'. */
export function queryUrl(root: string, params: readonly [string, string][]): string {
  const qs = params.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v).replace(/%2C/g, ',').replace(/%3A/g, ':')}`).join('&');
  return `${root.endsWith('/') ? root : `${root}/`}query?${qs}`;
}

export function stationUrl(root: string, q: StationQuery): string {
  return queryUrl(root, stationParams(q));
}

export function dataselectUrl(root: string, q: DataselectQuery): string {
  return queryUrl(root, dataselectParams(q));
}

/**
 * The POST selection list: optional `key=value` lines, then one line per channel and time span,
 * `NET STA LOC CHA START END`, with '--' for an empty location.
 */
export function dataselectPostBody(selections: readonly DataselectQuery[]): string {
  const lines: string[] = [];
  const quality = selections.find((s) => s.quality)?.quality;
  if (quality) lines.push(`quality=${quality}`);
  for (const s of selections) {
    const channels = typeof s.channel === 'string' ? [s.channel] : s.channel;
    for (const cha of channels) {
      lines.push([s.network, s.station, s.location.trim() === '' ? '--' : s.location, cha, formatFdsnTime(s.startTimeUs), formatFdsnTime(s.endTimeUs)].join(' '));
    }
  }
  return `${lines.join('\n')}\n`;
}

export interface ParsedSelection {
  network: string;
  station: string;
  location: string;
  channel: string;
  start: string;
  end: string;
}

/** Parse a POST selection list (the inverse of dataselectPostBody; used by the test server). */
export function parseDataselectPostBody(body: string): { params: Record<string, string>; selections: ParsedSelection[] } {
  const params: Record<string, string> = {};
  const selections: ParsedSelection[] = [];
  for (const raw of body.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const eq = /^([A-Za-z]+)\s*=\s*(.*)$/.exec(line);
    if (eq) {
      params[canonicalParam(eq[1])] = eq[2].trim();
      continue;
    }
    const f = line.split(/\s+/);
    if (f.length !== 6) throw new RangeError(`selection line needs 6 fields: '${line}'`);
    selections.push({ network: f[0], station: f[1], location: f[2] === '--' ? '' : f[2], channel: f[3], start: f[4], end: f[5] });
  }
  return { params, selections };
}
