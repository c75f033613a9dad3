// The HTTP client for reads and login. Commands do not go through here: they go through the
// outbox (outbox.ts), which needs to decide per status code what to do. The one exception is
// a manager confirming an account, done online on purpose (StaffRequestsScreen.tsx).
import type { ApiErrorInfo, CaseloadRow, CityHit, CitySearch, ClientView, LoginResponse, User } from './contract';

export type FetchFn = typeof fetch;

const READ_TIMEOUT_MS = 20_000;

/** The server answered with an error body (any 4xx/5xx). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly info: ApiErrorInfo,
  ) {
    super(`${status} ${info.code}`);
    this.name = 'ApiError';
  }
}

/** The request never got an answer (no signal, server down, DNS…). */
export class NetworkError extends Error {
  constructor(cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause));
    this.name = 'NetworkError';
  }
}

/** Reads the contract's error body; falls back to a generic one if the body is not that shape. */
export async function readError(res: Response): Promise<ApiErrorInfo> {
  try {
    const body = (await res.json()) as { error?: ApiErrorInfo };
    if (body?.error?.code && body.error.message) {
      return { code: body.error.code, message: body.error.message, details: body.error.details ?? {} };
    }
  } catch {
    // not JSON: fall through to the generic error
  }
  return {
    code: `http.${res.status}`,
    message: {
      pl: `Serwer odpowiedział błędem ${res.status}.`,
      en: `The server answered with error ${res.status}.`,
    },
    details: {},
  };
}

export function authHeaders(token: string | null): Record<string, string> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  return headers;
}

// The first screen's read, asked as the app opens with a session while the signed-in code is
// still loading (App.tsx `readAhead`): the screen's own GET of the same path takes this answer
// instead of asking again — one read, one access-log entry, one round trip fewer before the
// screen shows. An answer that is not OK is dropped and the screen asks as usual (through the
// session's fetch, which refreshes an expired token).
const AHEAD_KEPT_MS = 10_000;
const ahead = new Map<string, Promise<Response>>();

// The same read asked even earlier, by index.html's inline script as the page is parsed
// (vite.config.ts `preloadWhenSignedIn`): taken here if it is for this path and session.
interface EarlyRead { path: string; token: string; answer: Promise<Response> }
const page = globalThis as { __teczkaAhead?: EarlyRead };

export function readAhead(path: string, token: string): void {
  if (ahead.has(path)) return;
  const early = page.__teczkaAhead;
  delete page.__teczkaAhead;
  const answer = early && early.path === path && early.token === token
    ? early.answer
    : globalThis.fetch(path, {
      headers: authHeaders(token), cache: 'no-store', signal: AbortSignal.timeout(READ_TIMEOUT_MS),
    });
  answer.catch(() => undefined);
  ahead.set(path, answer);
  setTimeout(() => ahead.get(path) === answer && ahead.delete(path), AHEAD_KEPT_MS);
}

async function takeAhead(path: string): Promise<Response | null> {
  const answer = ahead.get(path);
  if (answer === undefined) return null;
  ahead.delete(path);
  try {
    const res = await answer;
    if (res.ok) return res;
    await res.body?.cancel().catch(() => undefined);
  } catch {
    // no answer: asked again below
  }
  return null;
}

export class ApiClient {
  constructor(
    private readonly getToken: () => string | null,
    private readonly fetchFn: FetchFn = (...args) => globalThis.fetch(...args),
    /** Called on a 401 to a signed-in request (the token expired): the app asks to sign in again. */
    private readonly onUnauthorized: () => void = () => undefined,
  ) {}

  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    if (method === 'GET') {
      const early = await takeAhead(path);
      if (early) return (await early.json()) as T;
    }
    const headers = authHeaders(this.getToken());
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let res: Response;
    try {
      res = await this.fetchFn(path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        cache: 'no-store',
        // reads with ?after= may wait up to 5 s on the server; a dead connection should not hang
        signal: AbortSignal.timeout(READ_TIMEOUT_MS),
      });
    } catch (err) {
      throw new NetworkError(err);
    }
    if (res.status === 401 && headers.Authorization) this.onUnauthorized();
    if (!res.ok) throw new ApiError(res.status, await readError(res));
    return (await res.json()) as T;
  }

  login(username: string, password: string): Promise<LoginResponse> {
    return this.request('POST', '/api/auth/login', { username, password });
  }

  me(): Promise<User> {
    return this.request('GET', '/api/me');
  }

  caseload(after?: number): Promise<CaseloadRow[]> {
    return this.request('GET', withAfter('/api/caseload', after));
  }

  /** The city-wide person search; every hit is logged with the purpose (a duplicate check). */
  searchCity(criteria: CitySearch): Promise<CityHit[]> {
    const query = new URLSearchParams({ purpose: 'duplicate_check' });
    for (const [key, value] of Object.entries(criteria)) if (value) query.set(key, value);
    return this.request('GET', `/api/persons/city?${query.toString()}`);
  }

  folder(folderId: string, after?: number): Promise<ClientView> {
    return this.request('GET', withAfter(`/api/folders/${encodeURIComponent(folderId)}`, after));
  }
}

/** `?after=<position>` makes a read wait until the read models include that position. */
export function withAfter(path: string, after?: number): string {
  return after === undefined ? path : `${path}${path.includes('?') ? '&' : '?'}after=${after}`;
}
