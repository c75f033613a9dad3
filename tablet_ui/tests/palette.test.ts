import { describe, expect, it } from 'vitest';
import { ACTIVITY_COLORS, PALETTE, contrastRatio, seriesColor } from '../src/roles/manager/palette';

describe('the charts palette', () => {
  it('computes WCAG contrast as the standard does', () => {
    expect(contrastRatio('#000000', '#FFFFFF')).toBeCloseTo(21, 5);
    expect(contrastRatio('#777777', '#FFFFFF')).toBeCloseTo(4.48, 2);
  });

  it('gives every colour at least 3:1 against the white page (WCAG 1.4.11)', () => {
    for (const color of PALETTE) expect(contrastRatio(color, '#FFFFFF')).toBeGreaterThanOrEqual(3);
  });

  it('has no two colours alike', () => {
    expect(new Set(PALETTE.map((c) => c.toUpperCase())).size).toBe(PALETTE.length);
  });

  it('keeps each activity its colour and gives other series the palette in turn', () => {
    expect(seriesColor('home_visit', 3, ACTIVITY_COLORS)).toBe(PALETTE[0]);
    expect(seriesColor('x', 7)).toBe(PALETTE[1]);
  });
});
