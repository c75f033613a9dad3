// Numbers, money, hours, durations and dates as people read them (src/format.ts), in Polish
// first and in English when the person switched.
import { afterEach, describe, expect, it } from 'vitest';
import { formatDate, formatDuration, formatHours, formatMoney, formatNumber, formatPercent } from '../src/format';
import { setLang } from '../src/i18n';

// Intl separates the number and its unit with a no-break space.
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

describe('display for people', () => {
  afterEach(() => setLang('pl'));

  it('writes money in złoty with a decimal comma, never "31.50"', () => {
    expect(plain(formatMoney('31.50'))).toBe('31,50 zł');
    expect(plain(formatMoney('1234.5'))).toBe('1234,50 zł');
    expect(plain(formatMoney(7.7))).toBe('7,70 zł');
  });

  it('writes hours without needless decimals, never "2.00 h"', () => {
    expect(plain(formatHours('2.00'))).toBe('2 h');
    expect(plain(formatHours('2.50'))).toBe('2,5 h');
    expect(formatNumber('10.00')).toBe('10');
    expect(formatPercent('10.00')).toBe('10%');
  });

  it('writes durations in hours and minutes', () => {
    expect(plain(formatDuration(45))).toBe('45 min');
    expect(plain(formatDuration(120))).toBe('2 h');
    expect(plain(formatDuration(90))).toBe('1 h 30 min');
    expect(plain(formatDuration(0))).toBe('0 min');
  });

  it('writes dates with the Polish month names, or English ones', () => {
    expect(formatDate('2025-05-05')).toBe('5 maja 2025');
    setLang('en');
    expect(formatDate('2025-05-05')).toBe('5 May 2025');
    expect(plain(formatMoney('31.50'))).toBe('PLN 31.50');
  });

  it('passes through what is not a number rather than showing NaN', () => {
    expect(formatMoney('abc')).toBe('abc');
    expect(formatHours(null)).toBe('');
    expect(formatDuration(undefined)).toBe('');
  });
});
