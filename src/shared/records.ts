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

/** Where and how big an event was, as a catalogue gives it (the preferred origin and magnitude). */
export interface EventOrigin {
  latitudeDeg: number;
  longitudeDeg: number;
  /** km below sea level; null when the origin has none */
  depthKm: number | null;
  /** preferred magnitude; null when the event has none */
  magnitude: number | null;
  magnitudeType: string | null;
  /** the catalogue the origin comes from */
  catalogue: string | null;
  /** the origin's author */
  author: string | null;
}

export interface EventRecord extends EventOrigin {
  id?: number;
  publicId: string;
  originTimeMs: number;
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
