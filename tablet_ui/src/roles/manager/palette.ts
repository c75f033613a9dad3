// One palette for every manager chart: the Okabe–Ito colours, told apart by people with the
// common colour-vision deficiencies (Okabe & Ito, "Color Universal Design", 2002), darkened where
// needed so that each reaches 3:1 against the white page, the contrast WCAG 2.1 AA asks of
// graphical objects (success criterion 1.4.11). Tested in tests/palette.test.ts.

/** The chart colours in the order series take them. */
export const PALETTE = [
  '#0072B2', // blue
  '#C25400', // vermillion, darkened from #D55E00
  '#007A5A', // bluish green, darkened from #009E73
  '#B5508E', // reddish purple, darkened from #CC79A7
  '#6B6B6B', // grey
  '#8A6D00', // yellow, darkened from #F0E442 (which has 1.3:1 on white)
] as const;

/** The activity kinds keep their colour on every screen. */
export const ACTIVITY_COLORS: Record<string, string> = {
  home_visit: PALETTE[0],
  office_meeting: PALETTE[1],
  phone_call: PALETTE[2],
  institution_contact: PALETTE[3],
  other: PALETTE[4],
};

/** A series' colour: its own if it has one, else the palette's by position. */
export function seriesColor(key: string, index: number, own: Record<string, string> = {}): string {
  return own[key] ?? PALETTE[index % PALETTE.length];
}

function luminance(hex: string): number {
  const channels = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255);
  const [r, g, b] = channels.map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG 2.1's contrast ratio of two `#rrggbb` colours (1 to 21). */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}
