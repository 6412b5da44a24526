/** Viridis (perceptually uniform, colour-blind safe, prints in greyscale): a value in [0, 1] → RGB. */
export const viridisStops = ['#440154', '#482878', '#3e4989', '#31688e', '#26828e', '#1f9e89', '#35b779', '#6ece58', '#b5de2b', '#fde725'];

const rgbStops = viridisStops.map((h) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16)));

export function viridis(t: number): [number, number, number] {
  const x = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * (rgbStops.length - 1);
  const i = Math.min(rgbStops.length - 2, Math.floor(x));
  const f = x - i;
  const a = rgbStops[i];
  const b = rgbStops[i + 1];
  return [0, 1, 2].map((k) => Math.round(a[k] + (b[k] - a[k]) * f)) as [number, number, number];
}
