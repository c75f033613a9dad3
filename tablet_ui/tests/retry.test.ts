import { describe, expect, it } from 'vitest';
import { BACKOFF_CAP_MS, parseRetryAfter, retryDelay } from '../src/retry';

describe('retryDelay', () => {
  it('doubles with each failed attempt', () => {
    expect([1, 2, 3, 4, 5].map((n) => retryDelay(n, () => 1))).toEqual([1000, 2000, 4000, 8000, 16000]);
  });

  it('spreads tablets by jitter between half and all of the wait', () => {
    expect(retryDelay(3, () => 0)).toBe(2000);
    expect(retryDelay(3, () => 0.5)).toBe(3000);
    expect(retryDelay(3, () => 1)).toBe(4000);
  });

  it('is capped at 60 s however many attempts failed', () => {
    expect(retryDelay(7, () => 1)).toBe(BACKOFF_CAP_MS);
    expect(retryDelay(50, () => 1)).toBe(60_000);
  });

  it("takes the server's Retry-After as a floor", () => {
    expect(retryDelay(1, () => 1, 30_000)).toBe(30_000);
    expect(retryDelay(6, () => 1, 5_000)).toBe(32_000);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2025-03-04T10:00:00Z');

  it('reads seconds', () => {
    expect(parseRetryAfter('120', now)).toBe(120_000);
  });

  it('reads an HTTP date', () => {
    expect(parseRetryAfter('Tue, 04 Mar 2025 10:00:45 GMT', now)).toBe(45_000);
  });

  it('ignores a missing or unreadable header', () => {
    expect(parseRetryAfter(null, now)).toBeNull();
    expect(parseRetryAfter('soon', now)).toBeNull();
  });
});
