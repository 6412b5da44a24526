/**
 * Schema 4: what a catalogue query kept. An event set built from an FDSN query (or a preset)
 * stores the query that produced it (`query_json`: data centre, URLs, parameters, station), so
 * the catalogue can be traced and rebuilt. Events keep their origin time to the microsecond
 * (`origin_time_us`; `origin_time_ms` stays the indexed value every stage uses) and the
 * catalogue's contributor beside its author.
 */
export const version = 4;
export const name = 'catalogue';

export const sql = /* sql */ `
ALTER TABLE event_sets ADD COLUMN query_json TEXT;
ALTER TABLE events ADD COLUMN origin_time_us INTEGER;
ALTER TABLE events ADD COLUMN contributor TEXT;
`;
