/**
 * Peterson's New Low and New High Noise Models (NLNM, NHNM): the envelope of the quietest and the
 * noisiest of 75 worldwide stations' background-noise spectra.
 *
 * Source: J. Peterson (1993), "Observations and modeling of seismic background noise", USGS
 * Open-File Report 93-322, Tables 3 and 4 (NLNM) and Tables 5 and 6 (NHNM). The same (P, A, B)
 * tables are used by ObsPy (obspy/signal/data/noise_models.npz behind get_nlnm/get_nhnm) and by
 * other public tools. For a period P (s) in [P_k, P_k+1):
 *
 *     PSD_acceleration(P) = A_k + B_k * log10(P)    in dB re 1 (m/s^2)^2/Hz
 *
 * Defined for 0.1 s <= P <= 100 000 s (10 Hz down to 1e-5 Hz).
 */

/** Rows [period s, A dB, B dB/decade]; the last row only closes the last interval. */
export const nlnmTable: readonly (readonly [number, number, number])[] = [
  [0.1, -162.36, 5.64],
  [0.17, -166.7, 0.0],
  [0.4, -170.0, -8.3],
  [0.8, -166.4, 28.9],
  [1.24, -168.6, 52.48],
  [2.4, -159.98, 29.81],
  [4.3, -141.1, 0.0],
  [5.0, -71.36, -99.77],
  [6.0, -97.26, -66.49],
  [10.0, -132.18, -31.57],
  [12.0, -205.27, 36.16],
  [15.6, -37.65, -104.33],
  [21.9, -114.37, -47.1],
  [31.6, -160.58, -16.28],
  [45.0, -187.5, 0.0],
  [70.0, -216.47, 15.7],
  [101.0, -185.0, 0.0],
  [154.0, -168.34, -7.61],
  [328.0, -217.43, 11.9],
  [600.0, -258.28, 26.6],
  [10000.0, -346.88, 48.75],
  [100000.0, -346.88, 48.75],
];

export const nhnmTable: readonly (readonly [number, number, number])[] = [
  [0.1, -108.73, -17.23],
  [0.22, -150.34, -80.5],
  [0.32, -122.31, -23.87],
  [0.8, -116.85, 32.51],
  [3.8, -108.48, 18.08],
  [4.6, -74.66, -32.95],
  [6.3, 0.66, -127.18],
  [7.9, -93.37, -22.42],
  [15.4, 73.54, -162.98],
  [20.0, -151.52, 10.01],
  [354.8, -206.66, 31.63],
  [100000.0, -206.66, 31.63],
];

function evaluate(table: readonly (readonly [number, number, number])[], periodSeconds: number): number {
  if (!(periodSeconds >= table[0][0] && periodSeconds <= table[table.length - 1][0])) return Number.NaN;
  let k = 0;
  while (k < table.length - 2 && periodSeconds >= table[k + 1][0]) k++;
  return table[k][1] + table[k][2] * Math.log10(periodSeconds);
}

/** NLNM acceleration PSD in dB re 1 (m/s^2)^2/Hz at `frequencyHz`; NaN outside 1e-5..10 Hz. */
export function nlnmDb(frequencyHz: number): number {
  return evaluate(nlnmTable, 1 / frequencyHz);
}

/** NHNM acceleration PSD in dB re 1 (m/s^2)^2/Hz at `frequencyHz`; NaN outside 1e-5..10 Hz. */
export function nhnmDb(frequencyHz: number): number {
  return evaluate(nhnmTable, 1 / frequencyHz);
}
