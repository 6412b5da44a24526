/** One event as an fdsnws-event answer describes it: the preferred origin and magnitude only. */
export interface FdsnEvent {
  /** QuakeML publicID, or the text format's EventID */
  publicId: string;
  /** preferred origin time, integer µs since 1970-01-01Z */
  originTimeUs: number;
  latitudeDeg: number;
  longitudeDeg: number;
  /** km below sea level; null when the origin has none */
  depthKm: number | null;
  /** preferred magnitude; null when the event has none */
  magnitude: number | null;
  magnitudeType: string | null;
  /** the catalogue the origin comes from (IRIS iris:catalog, ANSS catalog:datasource, text Catalog) */
  catalogue: string | null;
  /** who contributed it (IRIS iris:contributor, ANSS catalog:eventsource, text Contributor) */
  contributor: string | null;
  /** the origin's author (creationInfo author or agencyID, text Author) */
  author: string | null;
  /** Flinn-Engdahl region or other place name */
  locationName: string | null;
  /** QuakeML event type ('earthquake', 'quarry_blast', …) when given */
  eventType: string | null;
}

export interface ParsedEvents {
  events: FdsnEvent[];
  /** things the reader had to decide, one line each (e.g. depth taken as km) */
  notes: string[];
}
