// When to try a command again after no answer, a 5xx or a 503 with Retry-After.

export const BACKOFF_BASE_MS = 1_000;
export const BACKOFF_CAP_MS = 60_000;

/**
 * Exponential backoff with "equal jitter": after the n-th failed attempt wait between half and
 * all of min(cap, base·2^(n-1)). Jitter spreads the retries of a team's tablets that all got
 * their signal back at the same moment. A server's Retry-After is a floor, never shortened.
 */
export function retryDelay(
  attempts: number,
  random: () => number = Math.random,
  retryAfterMs: number | null = null,
): number {
  const exp = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempts - 1));
  const jittered = Math.round(exp / 2 + random() * (exp / 2));
  return retryAfterMs === null ? jittered : Math.max(jittered, retryAfterMs);
}

/** Retry-After as milliseconds: either delta-seconds or an HTTP date; null if absent or bad. */
export function parseRetryAfter(value: string | null, now: number): number | null {
  if (value === null || value.trim() === '') return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}
