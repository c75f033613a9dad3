import { describe, expect, it } from 'vitest';
import { addMonths, contributionsPath, grosze, instalments, zl } from '../src/receivables';

describe('receivables on the tablet', () => {
  it('reads amounts typed with a comma or a dot, in grosze, and refuses anything else', () => {
    expect(grosze('120,5')).toBe(12050);
    expect(grosze('370.00')).toBe(37000);
    expect(grosze('12.345')).toBeNull();
    expect(grosze('-1')).toBeNull();
    expect(zl(37001)).toBe('370.01');
  });

  it('spreads an amount over monthly instalments that add up to it', () => {
    const terms = instalments(10000, 3, '2026-01-31');
    expect(terms.map((x) => x.due_on)).toEqual(['2026-01-31', '2026-02-28', '2026-03-31']);
    expect(terms.map((x) => x.amount)).toEqual(['33.34', '33.33', '33.33']);
    expect(instalments(37000, 1, '2026-05-01')).toEqual([{ due_on: '2026-05-01', amount: '370.00' }]);
    expect(addMonths('2026-12-15', 1)).toBe('2027-01-15');
  });

  it('asks for a month by year and month', () => {
    expect(contributionsPath('2026-03')).toBe('/api/payments/contributions/2026/3');
    expect(contributionsPath('2026-03', 5)).toBe('/api/payments/contributions/2026/3?after=5');
  });
});
