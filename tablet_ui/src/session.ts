// The signed-in person: the token lives in memory and in sessionStorage (gone when the tab or the
// installed app is closed), never in localStorage.
import type { User } from './contract';

export interface Session {
  token: string;
  user: User;
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

export function currentSession(): Session | null {
  return current;
}

export function getToken(): string | null {
  return current?.token ?? null;
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
