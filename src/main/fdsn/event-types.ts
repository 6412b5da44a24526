import type { EventOrigin } from '../../shared/records';

/**
 * One event as an fdsnws-event answer describes it: the preferred origin and magnitude only.
 * `catalogue` comes from IRIS iris:catalog, ANSS catalog:datasource or the text Catalog column;
 * `author` from creationInfo author or agencyID, or the text Author column.
 */
export interface FdsnEvent extends EventOrigin {
  /** QuakeML publicID, or the text format's EventID */
  publicId: string;
  /** preferred origin time, integer µs since 1970-01-01Z */
  originTimeUs: number;
  /** who contributed it (IRIS iris:contributor, ANSS catalog:eventsource, text Contributor) */
  contributor: string | null;
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
