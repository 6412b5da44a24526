/**
 * fdsnws-event query parameters as a table (ObsPy's header.py habit): each parameter's canonical
 * name, its aliases from the FDSN web-service specification 1.2 §3.2, and its kind. Building the
 * URL is a pure function; the client (event-client.ts) only sends it.
 */
import { ForeseisError } from '../../shared/errors';
import { formatQueryTime, parseEventTimeUs } from './event-time';

type Kind = 'time' | 'number' | 'integer' | 'string' | 'boolean' | { oneOf: readonly string[] };

interface ParameterSpec {
  aliases: readonly string[];
  kind: Kind;
}

export const eventParameters = {
  starttime: { aliases: ['start'], kind: 'time' },
  endtime: { aliases: ['end'], kind: 'time' },
  minlatitude: { aliases: ['minlat'], kind: 'number' },
  maxlatitude: { aliases: ['maxlat'], kind: 'number' },
  minlongitude: { aliases: ['minlon'], kind: 'number' },
  maxlongitude: { aliases: ['maxlon'], kind: 'number' },
  latitude: { aliases: ['lat'], kind: 'number' },
  longitude: { aliases: ['lon'], kind: 'number' },
  minradius: { aliases: [], kind: 'number' },
  maxradius: { aliases: [], kind: 'number' },
  mindepth: { aliases: [], kind: 'number' },
  maxdepth: { aliases: [], kind: 'number' },
  minmagnitude: { aliases: ['minmag'], kind: 'number' },
  maxmagnitude: { aliases: ['maxmag'], kind: 'number' },
  magnitudetype: { aliases: ['magtype'], kind: 'string' },
  eventtype: { aliases: [], kind: 'string' },
  includeallorigins: { aliases: [], kind: 'boolean' },
  includeallmagnitudes: { aliases: [], kind: 'boolean' },
  includearrivals: { aliases: [], kind: 'boolean' },
  eventid: { aliases: [], kind: 'string' },
  limit: { aliases: [], kind: 'integer' },
  offset: { aliases: [], kind: 'integer' },
  orderby: { aliases: [], kind: { oneOf: ['time', 'time-asc', 'magnitude', 'magnitude-asc'] } },
  catalog: { aliases: [], kind: 'string' },
  contributor: { aliases: [], kind: 'string' },
  updatedafter: { aliases: [], kind: 'time' },
  format: { aliases: [], kind: { oneOf: ['xml', 'text'] } },
  nodata: { aliases: [], kind: { oneOf: ['204', '404'] } },
} as const satisfies Record<string, ParameterSpec>;

export type EventParameterName = keyof typeof eventParameters;
export type EventParameterValue = string | number | boolean;

const aliasToName = new Map<string, EventParameterName>();
for (const [name, spec] of Object.entries(eventParameters) as [EventParameterName, ParameterSpec][]) {
  aliasToName.set(name, name);
  for (const a of spec.aliases) aliasToName.set(a, name);
}

/** The canonical name of a parameter or alias ('minmag' → 'minmagnitude'); bad-input if unknown. */
export function canonicalEventParameter(name: string): EventParameterName {
  const canonical = aliasToName.get(name.toLowerCase());
  if (!canonical) throw new ForeseisError('bad-input', `unknown fdsnws-event parameter '${name}'`);
  return canonical;
}

function formatValue(name: EventParameterName, value: EventParameterValue): string {
  const kind: Kind = eventParameters[name].kind;
  const bad = (what: string): never => {
    throw new ForeseisError('bad-input', `fdsnws-event parameter ${name}: ${what}, got '${String(value)}'`);
  };
  if (kind === 'time') {
    // numbers are µs since epoch; strings must parse as ISO times
    const us = typeof value === 'number' ? value : typeof value === 'string' ? parseEventTimeUs(value) : null;
    if (us === null || !Number.isFinite(us)) return bad('expected an ISO 8601 time');
    return formatQueryTime(us);
  }
  if (kind === 'number' || kind === 'integer') {
    const n = typeof value === 'number' ? value : Number(value);
    if (typeof value === 'boolean' || !Number.isFinite(n) || (kind === 'integer' && !Number.isInteger(n))) return bad(`expected ${kind === 'integer' ? 'an integer' : 'a number'}`);
    return String(n);
  }
  if (kind === 'boolean') {
    if (typeof value === 'boolean') return String(value);
    if (value === 'true' || value === 'false') return value;
    return bad('expected true or false');
  }
  const s = String(value);
  if (typeof kind === 'object' && !kind.oneOf.includes(s)) return bad(`expected one of ${kind.oneOf.join(', ')}`);
  return s;
}

/**
 * Canonical, validated parameters from names or aliases. Two spellings of one parameter
 * ('minmag' and 'minmagnitude') are refused rather than one silently winning.
 */
export function normalizeEventParameters(params: Readonly<Record<string, EventParameterValue | undefined>>): Map<EventParameterName, string> {
  const out = new Map<EventParameterName, string>();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined) continue;
    const name = canonicalEventParameter(key);
    if (out.has(name)) throw new ForeseisError('bad-input', `fdsnws-event parameter ${name} given twice (as '${key}' and another spelling)`);
    out.set(name, formatValue(name, value));
  }
  const has = (n: EventParameterName): boolean => out.has(n);
  const circle = has('latitude') || has('longitude') || has('minradius') || has('maxradius');
  if (circle && !(has('latitude') && has('longitude'))) throw new ForeseisError('bad-input', 'a radius search needs both latitude and longitude');
  return out;
}

/** The query URL: `<service root>query?<parameters in table order>`. */
export function buildEventQueryUrl(serviceRoot: string, params: Readonly<Record<string, EventParameterValue | undefined>>): string {
  const normalized = normalizeEventParameters(params);
  const search = new URLSearchParams();
  for (const name of Object.keys(eventParameters) as EventParameterName[]) {
    const v = normalized.get(name);
    if (v !== undefined) search.append(name, v);
  }
  const root = serviceRoot.endsWith('/') ? serviceRoot : `${serviceRoot}/`;
  const query = search.toString().replace(/%3A/g, ':');
  return query ? `${root}query?${query}` : `${root}query`;
}
