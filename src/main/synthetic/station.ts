/**
 * The synthetic stations: IU.MAJO (Matsushiro, Japan), the paper's station, and IU.MA2
 * (Magadan, Russia), which recorded one test event of Table 1.
 *
 * Nominal sensitivity (recorded as station metadata so the store can convert counts to m/s):
 *   Streckeisen STS-2 high-gain generator constant 20 000 V/(m/s) (standard gain is 1 500 V/(m/s))
 *   x Quanterra Q330HR digitizer 1 677 720 counts/V (the stage-2 gain in IU StationXML, e.g. the
 *   IU.ANMO BH channels in /work/shared/data/real/stationxml/IU_ANMO_BH.xml; IU.ANMO.10 with a
 *   ~20 000 V/(m/s) sensor there has a total of 3.35276e10 counts/(m/s))
 *   = 3.355 44e10 counts/(m/s), flat (by construction of the synthetic response) from 1/120 Hz to
 *   ~16 Hz, so in particular over 0.05-10 Hz. Real IU.MAJO metadata differ per epoch and channel
 *   by a few percent; this is a declared nominal value, not MAJO's calibration.
 */
import type { ChannelRecord, StationRecord } from '../../shared/records';

/** Component order of every synthetic segment. */
export const syntheticChannelCodes = ['BH1', 'BH2', 'BHZ'] as const;
export type SyntheticChannelCode = (typeof syntheticChannelCodes)[number];

export const sts2HighGainVoltsPerMps = 20_000;
export const q330hrCountsPerVolt = 1_677_720;
/** Nominal overall sensitivity, counts per m/s. */
export const nominalSensitivityCountsPerMps = sts2HighGainVoltsPerMps * q330hrCountsPerVolt;
export const nominalSensitivityFrequencyHz = 1.0;
/** STS-2 long-period corner (the response falls as f^2 in velocity below it). */
export const sts2CornerHz = 1 / 120;

export interface SyntheticStation extends StationRecord {
  /** "NET.STA" */
  code: string;
  /**
   * Offset of local time from UTC used for the diurnal cultural-noise cycle, hours (UTC+9 for
   * Japan; UTC+11 for Magadan).
   */
  utcOffsetHours: number;
  /** Overall level offset of this site's noise relative to the model, dB (power). */
  noiseLevelOffsetDb: number;
}

function channels(sampleRateHz: number): ChannelRecord[] {
  const orient: Record<SyntheticChannelCode, [number, number]> = { BH1: [0, 0], BH2: [90, 0], BHZ: [0, -90] };
  return syntheticChannelCodes.map((code) => ({
    code,
    sampleRateHz,
    azimuthDeg: orient[code][0],
    dipDeg: orient[code][1],
    sensitivity: nominalSensitivityCountsPerMps,
    sensitivityFrequencyHz: nominalSensitivityFrequencyHz,
    inputUnits: 'M/S',
    instrument: 'Streckeisen STS-2 high gain (nominal, synthetic) / Quanterra Q330HR',
  }));
}

export function majoStation(sampleRateHz: number): SyntheticStation {
  return {
    code: 'IU.MAJO',
    network: 'IU',
    station: 'MAJO',
    location: '00',
    latitudeDeg: 36.5457,
    longitudeDeg: 138.2041,
    elevationM: 405,
    siteName: 'Matsushiro, Japan (synthetic)',
    channels: channels(sampleRateHz),
    utcOffsetHours: 9,
    noiseLevelOffsetDb: 0,
  };
}

export function ma2Station(sampleRateHz: number): SyntheticStation {
  return {
    code: 'IU.MA2',
    network: 'IU',
    station: 'MA2',
    location: '00',
    latitudeDeg: 59.5756,
    longitudeDeg: 150.77,
    elevationM: 339,
    siteName: 'Magadan, Russia (synthetic)',
    channels: channels(sampleRateHz),
    utcOffsetHours: 11,
    noiseLevelOffsetDb: -2,
  };
}

export function syntheticStation(code: string, sampleRateHz: number): SyntheticStation {
  if (code === 'IU.MAJO') return majoStation(sampleRateHz);
  if (code === 'IU.MA2') return ma2Station(sampleRateHz);
  throw new RangeError(`no synthetic station ${code}`);
}
