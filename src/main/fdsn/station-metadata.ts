/**
 * Station metadata from fdsnws-station, in both of its formats, down to channel level: StationXML
 * 1.1 (`format=xml`) and the FDSN text format (`format=text`, `level=channel`). Every channel epoch
 * is kept (an IU station has several epochs per channel, split at sensor changes) with its
 * coordinates, orientation, sample rate, overall sensitivity and validity in µs.
 *
 * Why fast-xml-parser and not seisplotjs' StationXML parser: measured with seisplotjs 3.2.2 on
 * Node 20, its parser needs a DOMParser (a browser global), and its Node entry touches DOM globals
 * (HTMLDivElement, customElements) at import; its times are Luxon DateTimes (milliseconds). Here
 * the XML is read into plain objects and times kept as integer µs.
 */
import { XMLParser } from 'fast-xml-parser';
import { ForeseisError } from '../../shared/errors';
import type { ChannelRecord, StationRecord } from '../../shared/records';
import { parseFdsnTimeUs } from './time';

export interface ChannelEpoch {
  network: string;
  station: string;
  location: string;
  channel: string;
  startTimeUs: number;
  /** null = open (still operating) */
  endTimeUs: number | null;
  latitudeDeg: number;
  longitudeDeg: number;
  elevationM: number | null;
  depthM: number | null;
  azimuthDeg: number | null;
  dipDeg: number | null;
  sampleRateHz: number;
  /** overall sensitivity (counts per input unit) at sensitivityFrequencyHz */
  sensitivity: number | null;
  sensitivityFrequencyHz: number | null;
  inputUnits: string | null;
  instrument: string | null;
}

export interface StationEpoch {
  network: string;
  station: string;
  latitudeDeg: number;
  longitudeDeg: number;
  elevationM: number | null;
  siteName: string | null;
  startTimeUs: number | null;
  endTimeUs: number | null;
  channels: ChannelEpoch[];
}

type Node = Record<string, unknown>;

const ARRAY_ELEMENTS = new Set(['Network', 'Station', 'Channel']);

function text(v: unknown): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v === 'object') return text((v as Node)['#text']);
  const s = String(v).trim();
  return s === '' ? null : s;
}

function num(v: unknown): number | null {
  const s = text(v);
  if (s === null) return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
}

function required(v: number | null, what: string): number {
  if (v === null) throw new ForeseisError('bad-input', `StationXML: ${what} is missing or not a number`);
  return v;
}

function time(v: unknown): number | null {
  const s = text(v);
  return s === null ? null : parseFdsnTimeUs(s);
}

/** '2599-12-31T23:59:59' and later mean "open" in FDSN metadata. */
function openEnd(us: number | null): number | null {
  return us !== null && us >= Date.UTC(2500, 0, 1) * 1000 ? null : us;
}

function asArray(v: unknown): Node[] {
  if (v === undefined || v === null) return [];
  return (Array.isArray(v) ? v : [v]) as Node[];
}

/** Parse a StationXML 1.0/1.1 document (any level; channels only at level channel or response). */
export function parseStationXml(xml: string): StationEpoch[] {
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    removeNSPrefix: true,
    parseTagValue: false,
    parseAttributeValue: false,
    isArray: (name) => ARRAY_ELEMENTS.has(name),
  });
  let doc: Node;
  try {
    doc = parser.parse(xml) as Node;
  } catch (err) {
    throw new ForeseisError('bad-input', `not StationXML: ${(err as Error).message}`);
  }
  const root = doc.FDSNStationXML as Node | undefined;
  if (!root) throw new ForeseisError('bad-input', 'not StationXML: no FDSNStationXML root element');
  const out: StationEpoch[] = [];
  for (const net of asArray(root.Network)) {
    const network = text(net['@_code']) ?? '';
    for (const sta of asArray(net.Station)) {
      const station = text(sta['@_code']) ?? '';
      const site = sta.Site as Node | undefined;
      const latitudeDeg = required(num(sta.Latitude), `${network}.${station} Latitude`);
      const longitudeDeg = required(num(sta.Longitude), `${network}.${station} Longitude`);
      const channels = asArray(sta.Channel).map((ch): ChannelEpoch => {
        const code = text(ch['@_code']) ?? '';
        const where = `${network}.${station}.${text(ch['@_locationCode']) ?? ''}.${code}`;
        const response = ch.Response as Node | undefined;
        const sens = response?.InstrumentSensitivity as Node | undefined;
        const sensor = ch.Sensor as Node | undefined;
        const start = time(ch['@_startDate']);
        return {
          network,
          station,
          location: text(ch['@_locationCode']) ?? '',
          channel: code,
          startTimeUs: required(start, `${where} startDate`),
          endTimeUs: openEnd(time(ch['@_endDate'])),
          latitudeDeg: num(ch.Latitude) ?? latitudeDeg,
          longitudeDeg: num(ch.Longitude) ?? longitudeDeg,
          elevationM: num(ch.Elevation),
          depthM: num(ch.Depth),
          azimuthDeg: num(ch.Azimuth),
          dipDeg: num(ch.Dip),
          sampleRateHz: required(num(ch.SampleRate), `${where} SampleRate`),
          sensitivity: num(sens?.Value),
          sensitivityFrequencyHz: num(sens?.Frequency),
          inputUnits: text((sens?.InputUnits as Node | undefined)?.Name),
          instrument: text(sensor?.Description) ?? text(sensor?.Model) ?? text(sensor?.Type),
        };
      });
      out.push({
        network,
        station,
        latitudeDeg,
        longitudeDeg,
        elevationM: num(sta.Elevation),
        siteName: text(site?.Name),
        startTimeUs: time(sta['@_startDate']),
        endTimeUs: openEnd(time(sta['@_endDate'])),
        channels,
      });
    }
  }
  return out;
}

/**
 * Parse the FDSN station text format. At level channel each row is a channel epoch (17 columns);
 * at level station (8 columns) the stations come back without channels. Location '  ' (blanks)
 * is the empty location. Stations are grouped by NET.STA in order of first appearance.
 */
export function parseStationText(body: string): StationEpoch[] {
  const lines = body.split(/\r?\n/).filter((l) => l.trim() !== '');
  if (lines.length === 0) return [];
  const header = lines[0].replace(/^#/, '').split('|').map((h) => h.trim().toLowerCase());
  const col = (name: string): number => header.indexOf(name);
  const isChannel = col('channel') >= 0;
  if (!isChannel && col('latitude') < 0) throw new ForeseisError('bad-input', `FDSN text: unexpected header '${lines[0]}'`);
  const byCode = new Map<string, StationEpoch>();
  for (const line of lines.slice(1)) {
    if (line.startsWith('#')) continue;
    const f = line.split('|');
    if (f.length !== header.length) throw new ForeseisError('bad-input', `FDSN text: row has ${f.length} fields, header ${header.length}: '${line}'`);
    const get = (name: string): string => (col(name) >= 0 ? f[col(name)].trim() : '');
    const n = (name: string): number | null => (get(name) === '' ? null : Number(get(name)));
    const network = get('network');
    const station = get('station');
    const key = `${network}.${station}`;
    const latitudeDeg = required(n('latitude'), `${key} Latitude`);
    const longitudeDeg = required(n('longitude'), `${key} Longitude`);
    let st = byCode.get(key);
    if (!st) {
      st = {
        network,
        station,
        latitudeDeg,
        longitudeDeg,
        elevationM: n('elevation'),
        siteName: isChannel ? null : get('sitename') || null,
        startTimeUs: isChannel ? null : get('starttime') ? parseFdsnTimeUs(get('starttime')) : null,
        endTimeUs: isChannel ? null : openEnd(get('endtime') ? parseFdsnTimeUs(get('endtime')) : null),
        channels: [],
      };
      byCode.set(key, st);
    }
    if (!isChannel) continue;
    st.channels.push({
      network,
      station,
      location: get('location'),
      channel: get('channel'),
      startTimeUs: parseFdsnTimeUs(get('starttime')),
      endTimeUs: openEnd(get('endtime') ? parseFdsnTimeUs(get('endtime')) : null),
      latitudeDeg,
      longitudeDeg,
      elevationM: n('elevation'),
      depthM: n('depth'),
      azimuthDeg: n('azimuth'),
      dipDeg: n('dip'),
      sampleRateHz: required(n('samplerate'), `${key} SampleRate`),
      sensitivity: n('scale'),
      sensitivityFrequencyHz: n('scalefreq'),
      inputUnits: get('scaleunits') || null,
      instrument: get('sensordescription') || null,
    });
  }
  return [...byCode.values()];
}

/** Whether a channel epoch is valid at any time within [startUs, endUs). */
export function epochOverlaps(e: { startTimeUs: number; endTimeUs: number | null }, startUs: number, endUs: number): boolean {
  return e.startTimeUs < endUs && (e.endTimeUs === null || e.endTimeUs > startUs);
}

/**
 * The locations of a station that carry every wanted channel during [startUs, endUs), in the
 * order a user would prefer them ('00' before '10', the empty location first).
 */
export function locationsWithChannels(stations: readonly StationEpoch[], channels: readonly string[], startUs: number, endUs: number): string[] {
  const found = new Map<string, Set<string>>();
  for (const s of stations)
    for (const c of s.channels) {
      if (!epochOverlaps(c, startUs, endUs)) continue;
      const set = found.get(c.location) ?? new Set<string>();
      set.add(c.channel);
      found.set(c.location, set);
    }
  return [...found.entries()].filter(([, set]) => channels.every((c) => set.has(c))).map(([loc]) => loc).sort();
}

/**
 * One station row and its channel rows for the project's stations/channels tables: for each
 * wanted channel, the latest epoch overlapping [startUs, endUs) (the tables hold one row per
 * channel; every epoch goes to channel_epochs beside them).
 */
export function toStationRecord(
  stations: readonly StationEpoch[],
  sel: { network: string; station: string; location: string; channels: readonly string[]; startUs: number; endUs: number },
): { record: StationRecord; epochs: ChannelEpoch[] } {
  const st = stations.filter((s) => s.network === sel.network && s.station === sel.station);
  if (st.length === 0) throw new ForeseisError('not-found', `the station service knows no ${sel.network}.${sel.station}`);
  const allEpochs = st.flatMap((s) => s.channels).filter((c) => c.location === sel.location && sel.channels.includes(c.channel));
  const channels: ChannelRecord[] = sel.channels.map((code) => {
    const epochs = allEpochs.filter((c) => c.channel === code && epochOverlaps(c, sel.startUs, sel.endUs)).sort((a, b) => a.startTimeUs - b.startTimeUs);
    const e = epochs[epochs.length - 1];
    if (!e) {
      throw new ForeseisError('not-found', `${sel.network}.${sel.station}.${sel.location || '--'}.${code} has no epoch between ${new Date(sel.startUs / 1000).toISOString()} and ${new Date(sel.endUs / 1000).toISOString()}`);
    }
    return {
      code,
      sampleRateHz: e.sampleRateHz,
      azimuthDeg: e.azimuthDeg,
      dipDeg: e.dipDeg,
      sensitivity: e.sensitivity,
      sensitivityFrequencyHz: e.sensitivityFrequencyHz,
      inputUnits: e.inputUnits,
      instrument: e.instrument,
    };
  });
  // The station epoch covering the span, else the latest (coordinates rarely change between epochs).
  const sorted = [...st].sort((a, b) => (a.startTimeUs ?? 0) - (b.startTimeUs ?? 0));
  const s = sorted.filter((x) => (x.startTimeUs ?? 0) < sel.endUs).pop() ?? sorted[sorted.length - 1];
  return {
    record: {
      network: sel.network,
      station: sel.station,
      location: sel.location,
      latitudeDeg: s.latitudeDeg,
      longitudeDeg: s.longitudeDeg,
      elevationM: s.elevationM,
      siteName: s.siteName,
      channels,
    },
    epochs: allEpochs,
  };
}
