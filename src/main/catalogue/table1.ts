/**
 * The paper's Table 1 as a built-in catalogue (resources/presets/table1.json: 31 events, 24 train
 * and 7 test, the starred event recorded at IU.MA2). Δ is computed from the printed coordinates
 * (spherical great circle, geographic latitudes), never copied; a row whose printed Δ disagrees
 * with its own coordinates by more than DELTA_MISMATCH_TOLERANCE_DEG is flagged 'delta-mismatch'
 * (PAPER-NOTES.md: 2016-01-11T17:08:03, printed 6.93°, coordinates give 8.23°).
 */
import { DELTA_MISMATCH_TOLERANCE_DEG, greatCircleDistanceDeg } from './distance';
import type { CatalogueEntry } from './select';
import { paperStations } from './stations';
import { table1Events } from './table1-preset';

export { TABLE1_SOURCE } from './table1-preset';

/** The same public IDs as the synthetic project's Table 1 events, so both name an event alike. */
export function table1PublicId(time: string): string {
  return `table1:${time}`;
}

export function table1Catalogue(): CatalogueEntry[] {
  return table1Events.map((r) => {
    const st = paperStations[r.station];
    if (!st) throw new Error(`Table 1 names an unknown station ${r.station}`);
    const distanceDeg = greatCircleDistanceDeg(st.latitudeDeg, st.longitudeDeg, r.latitudeDeg, r.longitudeDeg);
    return {
      publicId: table1PublicId(r.time),
      originTimeUs: Date.parse(r.time) * 1000,
      latitudeDeg: r.latitudeDeg,
      longitudeDeg: r.longitudeDeg,
      depthKm: r.depthKm,
      magnitude: r.mw,
      magnitudeType: 'Mw',
      catalogue: r.catalogue,
      contributor: null,
      author: null,
      locationName: null,
      eventType: 'earthquake',
      stationCode: r.station,
      distanceDeg,
      printedDistanceDeg: r.deltaDeg,
      flags: Math.abs(distanceDeg - r.deltaDeg) > DELTA_MISMATCH_TOLERANCE_DEG ? ['delta-mismatch'] : [],
      split: r.split,
    };
  });
}
