/**
 * Plain records shared by the Node side and the UI. Units are in the names; channel order is
 * always explicit (an array of channel codes), never implied.
 */
export type Split = 'train' | 'test';
export type SegmentKind = 'event' | 'noise-b' | 'other';
export type WindowLabel = 'precursor' | 'noise-a' | 'noise-b' | 'unlabelled';

export interface ChannelRecord {
  code: string;
  sampleRateHz: number;
  azimuthDeg: number | null;
  dipDeg: number | null;
  /** overall sensitivity in counts per input unit, at sensitivityFrequencyHz */
  sensitivity: number | null;
  sensitivityFrequencyHz: number | null;
  inputUnits: string | null;
  instrument: string | null;
}

export interface StationRecord {
  id?: number;
  network: string;
  station: string;
  location: string;
  latitudeDeg: number;
  longitudeDeg: number;
  elevationM: number | null;
  siteName: string | null;
  channels: ChannelRecord[];
}

export interface EventRecord {
  id?: number;
  publicId: string;
  originTimeMs: number;
  latitudeDeg: number;
  longitudeDeg: number;
  depthKm: number | null;
  magnitude: number | null;
  magnitudeType: string | null;
  catalogue: string | null;
  author: string | null;
  /** the station whose recording of this event is used ("NET.STA") */
  stationCode: string | null;
  distanceDeg: number | null;
  flags: string[];
}

export interface EventSummary extends EventRecord {
  id: number;
  split: Split | null;
  excluded: boolean;
  exclusionReason: string | null;
}

export interface SegmentSummary {
  id: number;
  kind: SegmentKind;
  eventId: number | null;
  stationCode: string;
  startTimeUs: number;
  endTimeUs: number;
  source: string;
  channels: { code: string; pieces: number; samples: number }[];
}

export function stationCode(s: { network: string; station: string }): string {
  return `${s.network}.${s.station}`;
}
