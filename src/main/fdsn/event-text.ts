/**
 * The fdsnws-event text format (`format=text`, specification 1.2 §3.2.4): one header line
 * `#EventID | Time | Latitude | Longitude | Depth/km | Author | Catalog | Contributor |
 * ContributorID | MagType | Magnitude | MagAuthor | EventLocationName[ | EventType]`, then one
 * '|'-separated row per event. Columns are found by their header name, so servers that add
 * EventType (or reorder) are read alike; empty fields are null. Depth is in km here, unlike QuakeML.
 */
import { ForeseisError } from '../../shared/errors';
import { parseEventTimeUs } from './event-time';
import type { FdsnEvent, ParsedEvents } from './event-types';

const REQUIRED = ['eventid', 'time', 'latitude', 'longitude'] as const;

export function parseEventText(body: string): ParsedEvents {
  const lines = body.split(/\r?\n/);
  const headerAt = lines.findIndex((l) => l.trim().startsWith('#'));
  if (headerAt < 0) throw new ForeseisError('bad-input', 'FDSN event text has no #EventID header line');
  const columns = lines[headerAt].trim().slice(1).split('|').map((c) => c.trim().toLowerCase());
  for (const r of REQUIRED) {
    if (!columns.includes(r)) throw new ForeseisError('bad-input', `FDSN event text header lacks the ${r} column`);
  }
  const col = (name: string): number => columns.indexOf(name);
  const events: FdsnEvent[] = [];
  const notes: string[] = [];
  for (let i = headerAt + 1; i < lines.length; i++) {
    const line = lines[i];
    if (line.trim() === '' || line.trim().startsWith('#')) continue;
    const f = line.split('|').map((x) => x.trim());
    const get = (name: string): string | null => {
      const k = col(name);
      return k >= 0 && k < f.length && f[k] !== '' ? f[k] : null;
    };
    const n = (name: string): number | null => {
      const v = get(name);
      return v === null || !Number.isFinite(Number(v)) ? null : Number(v);
    };
    const id = get('eventid');
    const time = get('time');
    const originTimeUs = time === null ? null : parseEventTimeUs(time);
    const latitudeDeg = n('latitude');
    const longitudeDeg = n('longitude');
    if (id === null || originTimeUs === null || latitudeDeg === null || longitudeDeg === null) {
      throw new ForeseisError('bad-input', `FDSN event text line ${i + 1}: missing or unreadable event id, time, latitude or longitude`);
    }
    events.push({
      publicId: id,
      originTimeUs,
      latitudeDeg,
      longitudeDeg,
      depthKm: n('depth/km'),
      magnitude: n('magnitude'),
      magnitudeType: get('magtype'),
      catalogue: get('catalog'),
      contributor: get('contributor'),
      author: get('author'),
      locationName: get('eventlocationname'),
      eventType: get('eventtype'),
    });
  }
  return { events, notes };
}
