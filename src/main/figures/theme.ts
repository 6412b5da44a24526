/** Shared look of every figure: one font, one palette, axis names with units. */
export const palette = {
  precursor: '#c0392b',
  noise: '#2e6da4',
  band: 'rgba(46, 109, 164, 0.15)',
  spread: 'rgba(192, 57, 43, 0.18)',
  grid: '#e5e5e5',
  text: '#222222',
};

export const fontFamily = 'DejaVu Sans, Helvetica, Arial, sans-serif';

export const baseOption = {
  animation: false,
  backgroundColor: '#ffffff',
  textStyle: { fontFamily, color: palette.text, fontSize: 12 },
} as const;
