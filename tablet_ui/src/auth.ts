// The signed-in person's tokens, kept fresh. The access token lives 15 minutes; the refresh token
// is spent once for the next pair (rotation), and the server ends the whole session when a spent
// refresh token is presented again (reuse detection). So:
// - one refresh is in flight at a time, and every request that needs it waits for that one;
// - a request answered 401 is sent once more with the new token, never more;
// - a refresh the server refuses ends the session on this tablet: `onExpired` sends the person to
//   the login screen (the outbox keeps its commands and sends them after the same person signs in);
// - a refresh that gets no answer is a lost connection, not the end of the session.
// Every request that carries an Authorization header goes through `fetch` here: reads, the outbox
// and the coordinator's event stream.
import { readError, type FetchFn } from './api';
import type { LoginResponse } from './contract';
import { sessionFrom, type Session } from './session';

/** Refresh this long before the access token's expiry, so a request is not sent with a dying one. */
export const REFRESH_LEEWAY_MS = 30_000;
const LOGOUT_TIMEOUT_MS = 5_000;
const REFRESH_TIMEOUT_MS = 20_000;

export interface AuthOptions {
  session: Session;
  /** Keeps the refreshed session (sessionStorage in the app). */
  save?: (session: Session) => void;
  /** The server refused the refresh token: the person must sign in again. */
  onExpired?: () => void;
  fetch?: FetchFn;
  now?: () => number;
}

/** The refresh got no usable answer (no signal, 5xx, 429): try again later, nothing is lost. */
export class RefreshUnavailableError extends Error {
  constructor(cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause));
    this.name = 'RefreshUnavailableError';
  }
}

export class Auth {
  private session: Session;
  private readonly save: (session: Session) => void;
  private readonly onExpired: () => void;
  private readonly rawFetch: FetchFn;
  private readonly now: () => number;
  private refreshing: Promise<string | null> | null = null;
  private ended = false;

  constructor(options: AuthOptions) {
    this.session = options.session;
    this.save = options.save ?? (() => undefined);
    this.onExpired = options.onExpired ?? (() => undefined);
    this.rawFetch = options.fetch ?? ((...args) => globalThis.fetch(...args));
    this.now = options.now ?? Date.now;
  }

  /** The current access token (null after logout). */
  readonly token = (): string | null => (this.ended ? null : this.session.token);

  /** The same person signed in again (after the session expired): new tokens, same everything else. */
  replace(session: Session): void {
    this.session = session;
    this.ended = false;
  }

  /**
   * Spends the refresh token for a new pair. Concurrent callers share one request. Resolves to
   * the new access token, or null when the server refused (then `onExpired` has been called);
   * rejects with RefreshUnavailableError when there was no usable answer.
   */
  refresh(): Promise<string | null> {
    if (!this.refreshing) {
      this.refreshing = this.doRefresh().finally(() => {
        this.refreshing = null;
      });
    }
    return this.refreshing;
  }

  /**
   * `fetch` for signed-in requests: refreshes first if the access token is about to expire, sends
   * with the current token, and on a 401 refreshes once and sends once more. Requests without an
   * Authorization header (signing in) pass through untouched.
   */
  readonly fetch: FetchFn = async (input, init) => {
    if (!hasAuthorization(init?.headers)) return this.rawFetch(input, init);
    if (this.aboutToExpire()) {
      // Offline, this fails; the request then goes with the old token and fails the same way.
      await this.refresh().catch(() => null);
    }
    const used = this.token();
    const res = await this.rawFetch(input, withToken(init, used));
    if (res.status !== 401 || this.ended) return res;
    let fresh = this.token();
    // Another request may have refreshed while this one was on its way: then just resend.
    if (fresh === used) {
      try {
        fresh = await this.refresh();
      } catch (err) {
        // No answer from the refresh: to the caller this request got no answer either (the
        // outbox keeps the command and tries again later with the same command_id).
        throw err instanceof RefreshUnavailableError ? new TypeError(`token refresh failed: ${err.message}`) : err;
      }
      if (fresh === null) return res;
    }
    await res.body?.cancel().catch(() => undefined);
    return this.rawFetch(input, withToken(init, fresh));
  };

  /**
   * Logout: tells the server to end the session (its tokens are refused from then on) and
   * forgets them here at once. Best effort: with no signal the local data still goes, and the
   * tokens die with it (they are nowhere else).
   */
  async logout(): Promise<void> {
    const token = this.token();
    if (!token) return;
    // From here on nothing is saved, nobody is sent to the login screen, no request uses a token.
    this.ended = true;
    const send = (bearer: string) =>
      this.rawFetch('/api/auth/logout', {
        method: 'POST',
        headers: { Accept: 'application/json', Authorization: `Bearer ${bearer}` },
        keepalive: true,
        signal: timeout(LOGOUT_TIMEOUT_MS),
      });
    try {
      const res = await send(token);
      // An expired access token cannot sign out; a fresh one can (and the refresh token is spent).
      if (res.status === 401) {
        const fresh = await this.refresh();
        if (fresh) await send(fresh);
      }
    } catch {
      // no signal: nothing more to do
    }
  }

  private aboutToExpire(): boolean {
    const { expires_at, refresh_token } = this.session;
    return !!refresh_token && typeof expires_at === 'number' && this.now() >= expires_at - REFRESH_LEEWAY_MS;
  }

  private async doRefresh(): Promise<string | null> {
    const refreshToken = this.session.refresh_token;
    if (!refreshToken) return null;
    let res: Response;
    try {
      res = await this.rawFetch('/api/auth/refresh', {
        method: 'POST',
        headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
        body: JSON.stringify({ refresh_token: refreshToken }),
        cache: 'no-store',
        signal: timeout(REFRESH_TIMEOUT_MS),
      });
    } catch (err) {
      throw new RefreshUnavailableError(err);
    }
    if (res.ok) {
      const answer = (await res.json()) as LoginResponse;
      this.session = { ...sessionFrom(answer, this.now()), user: this.session.user };
      if (!this.ended) this.save(this.session);
      return this.session.token;
    }
    if (res.status >= 500 || res.status === 429 || res.status === 408) {
      throw new RefreshUnavailableError((await readError(res)).code);
    }
    // Refused (spent, reused, expired, the session ended elsewhere): only signing in helps.
    // The refresh token is forgotten so nothing tries it again.
    this.session = { ...this.session, refresh_token: null, expires_at: null };
    if (!this.ended) {
      this.save(this.session);
      this.onExpired();
    }
    return null;
  }
}

function timeout(ms: number): AbortSignal | undefined {
  return typeof AbortSignal !== 'undefined' && 'timeout' in AbortSignal ? AbortSignal.timeout(ms) : undefined;
}

function hasAuthorization(headers: HeadersInit | undefined): boolean {
  if (!headers) return false;
  if (headers instanceof Headers) return headers.has('Authorization');
  if (Array.isArray(headers)) return headers.some(([k]) => k.toLowerCase() === 'authorization');
  return Object.keys(headers).some((k) => k.toLowerCase() === 'authorization');
}

/** The same request with the Authorization header set to `token` (plain objects stay plain). */
function withToken(init: RequestInit | undefined, token: string | null): RequestInit | undefined {
  if (!init?.headers) return init;
  const bearer = token ? `Bearer ${token}` : null;
  if (init.headers instanceof Headers) {
    const headers = new Headers(init.headers);
    if (bearer) headers.set('Authorization', bearer);
    else headers.delete('Authorization');
    return { ...init, headers };
  }
  const entries = Array.isArray(init.headers) ? init.headers : Object.entries(init.headers);
  const headers: Record<string, string> = {};
  for (const [k, v] of entries) if (k.toLowerCase() !== 'authorization') headers[k] = v;
  if (bearer) headers.Authorization = bearer;
  return { ...init, headers };
}
