/**
 * Catalogue building, the pure part: from the events a service returned to the kept catalogue.
 * Each event gets its great-circle distance Δ from the station; the rules are re-applied here
 * because services differ in what they honour (a static mirror ignores every parameter, ISC and
 * USGS apply `minmagnitude` to whichever magnitude they prefer), so the stored catalogue obeys the
 * rules whatever the centre did. Sorted by origin time.
 */
import type { Split } from '../../shared/records';
import type { FdsnEvent } from '../fdsn/event-types';
import { greatCircleDistanceDeg } from './distance';

export interface CatalogueEntry extends FdsnEvent {
  /** "NET.STA" of the station Δ is measured from */
  stationCode: string;
  distanceDeg: number;
  /** the distance a printed table gave (presets only), degrees */
  printedDistanceDeg: number | null;
  flags: string[];
  split: Split | null;
}

export interface SelectionRules {
  startTimeUs?: number;
  endTimeUs?: number;
  minMagnitude?: number;
  maxMagnitude?: number;
  minRadiusDeg?: number;
  maxRadiusDeg?: number;
  /** keep only moment magnitudes (Mw, Mww, Mwc, Mwb, Mwr, …) as the paper does */
  momentMagnitudeOnly?: boolean;
}

export type RejectReason = 'outside-time' | 'outside-radius' | 'magnitude' | 'not-moment-magnitude';

export interface Selection {
  kept: CatalogueEntry[];
  rejected: { publicId: string; reason: RejectReason }[];
}

export function isMomentMagnitude(type: string | null): boolean {
  return type !== null && /^mw/i.test(type.trim());
}

export function selectEvents(events: readonly FdsnEvent[], station: { code: string; latitudeDeg: number; longitudeDeg: number }, rules: SelectionRules): Selection {
  const kept: CatalogueEntry[] = [];
  const rejected: Selection['rejected'] = [];
  for (const e of events) {
    const distanceDeg = greatCircleDistanceDeg(station.latitudeDeg, station.longitudeDeg, e.latitudeDeg, e.longitudeDeg);
    let reason: RejectReason | null = null;
    if ((rules.startTimeUs !== undefined && e.originTimeUs < rules.startTimeUs) || (rules.endTimeUs !== undefined && e.originTimeUs > rules.endTimeUs)) reason = 'outside-time';
    else if ((rules.minRadiusDeg !== undefined && distanceDeg < rules.minRadiusDeg) || (rules.maxRadiusDeg !== undefined && distanceDeg > rules.maxRadiusDeg)) reason = 'outside-radius';
    else if (rules.momentMagnitudeOnly && !isMomentMagnitude(e.magnitudeType)) reason = 'not-moment-magnitude';
    else if (
      (rules.minMagnitude !== undefined && (e.magnitude === null || e.magnitude < rules.minMagnitude)) ||
      (rules.maxMagnitude !== undefined && (e.magnitude === null || e.magnitude > rules.maxMagnitude))
    ) reason = 'magnitude';
    if (reason) rejected.push({ publicId: e.publicId, reason });
    else kept.push({ ...e, stationCode: station.code, distanceDeg, printedDistanceDeg: null, flags: [], split: null });
  }
  kept.sort((a, b) => a.originTimeUs - b.originTimeUs);
  return { kept, rejected };
}
