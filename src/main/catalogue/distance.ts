/**
 * Great-circle distance on a sphere from geographic coordinates, in degrees. PAPER-NOTES.md: this
 * reproduces Table 1's Δ within 0.04° for 30 of 31 rows (the paper used the same spherical
 * measure), so it is the one the catalogue stage uses. Haversine form: accurate at small angles,
 * where the spherical law of cosines loses digits.
 */
const RAD = Math.PI / 180;

export function greatCircleDistanceDeg(lat1Deg: number, lon1Deg: number, lat2Deg: number, lon2Deg: number): number {
  const dLat = (lat2Deg - lat1Deg) * RAD;
  const dLon = (lon2Deg - lon1Deg) * RAD;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1Deg * RAD) * Math.cos(lat2Deg * RAD) * Math.sin(dLon / 2) ** 2;
  return (2 * Math.asin(Math.min(1, Math.sqrt(a)))) / RAD;
}

/** Tolerance above which a printed distance disagrees with the coordinates it came with. */
export const DELTA_MISMATCH_TOLERANCE_DEG = 0.05;
