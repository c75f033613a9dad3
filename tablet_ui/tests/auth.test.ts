// Keeping the access token fresh: one refresh at a time, a 401 retried once with the new token,
// a refused refresh ending the session on the tablet (without touching the outbox), and logout
// ending it on the server. The server here keeps the API's rules for tokens: an access token
// expires, a refresh token works once and a reused one ends the session.
import { describe, expect, it, vi } from 'vitest';
import { Auth, REFRESH_LEEWAY_MS } from '../src/auth';
import { TeczkaDB } from '../src/db';
import { Outbox, type OutboxEvent } from '../src/outbox';
import type { Session } from '../src/session';
import { json, refusal } from './support/api';
import { answerSync } from './support/syncServer';

const user = { id: 'u1', username: 'anna', display_name: 'Anna Kowalska', role: 'social_worker' as const, unit: 'ZTPS-1' };

/** Tokens as the API hands them out: a1/r1 at sign-in, then a2/r2, a3/r3… */
class TokenServer {
  generation = 1;
  valid = new Set(['a1']);
  spent = new Set<string>();
  ended = false;
  refreshDown = false;
  /** Holds refresh answers until released (to see concurrent callers share one request). */
  gate: Promise<void> | null = null;
  /** Holds the answer to one path until released. */
  held: { path: string; until: Promise<void> } | null = null;
  readonly log: string[] = [];
  readonly commands: Record<string, any>[] = [];
  private version = 1;

  readonly fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = String(input);
    const headers = (init?.headers ?? {}) as Record<string, string>;
    const bearer = headers.Authorization?.replace(/^Bearer /, '') ?? null;
    this.log.push(`${init?.method ?? 'GET'} ${url} ${bearer ?? '-'}`);
    if (url === '/api/auth/refresh') {
      if (this.gate) await this.gate;
      if (this.refreshDown) throw new TypeError('Failed to fetch');
      const token = JSON.parse(String(init?.body)).refresh_token as string;
      if (this.ended) return refusal(401, 'auth.invalid_refresh');
      if (this.spent.has(token)) {
        this.ended = true; // reuse: the whole session ends
        return refusal(401, 'auth.invalid_refresh');
      }
      if (token !== `r${this.generation}`) return refusal(401, 'auth.invalid_refresh');
      this.spent.add(token);
      this.generation += 1;
      this.valid = new Set([`a${this.generation}`]);
      return json(200, { access_token: `a${this.generation}`, token_type: 'bearer', expires_in: 900, user,
        refresh_token: `r${this.generation}`, refresh_expires_in: 40_000 });
    }
    if (this.held?.path === url) await this.held.until;
    if (this.ended || !bearer || !this.valid.has(bearer)) return refusal(401, 'auth.invalid_token');
    if (url === '/api/sync') return answerSync(init, (path, one) => this.fetch(path, one));
    if (url === '/api/auth/logout') {
      this.ended = true;
      return new Response(null, { status: 204 });
    }
    if (init?.method === 'POST') {
      const body = JSON.parse(String(init.body));
      this.commands.push(body);
      return json(201, { command_id: body.command_id, folder_id: 'f1', version: ++this.version, position: 100 + this.version, duplicate: false });
    }
    return json(200, { ok: url });
  });

  /** The access token in hand has expired on the server. */
  expireAccess(): void {
    this.valid.clear();
  }

  refreshes(): number {
    return this.log.filter((line) => line.startsWith('POST /api/auth/refresh')).length;
  }
}

function signedIn(server: TokenServer, overrides: Partial<Session> = {}, now = () => 1_000_000) {
  const saved: Session[] = [];
  const onExpired = vi.fn();
  const auth = new Auth({
    session: { token: 'a1', refresh_token: 'r1', expires_at: now() + 900_000, user, ...overrides },
    save: (s) => saved.push(s),
    onExpired,
    fetch: server.fetch,
    now,
  });
  return { auth, saved, onExpired };
}

const get = (auth: Auth, path: string) => auth.fetch(path, { headers: { Accept: 'application/json', Authorization: `Bearer ${auth.token()}` } });

describe('the access token kept fresh', () => {
  it('refreshes on a 401 and sends the request once more with the new token', async () => {
    const server = new TokenServer();
    const { auth, saved, onExpired } = signedIn(server);
    server.expireAccess();

    const res = await get(auth, '/api/caseload');

    expect(res.status).toBe(200);
    expect(server.log).toEqual(['GET /api/caseload a1', 'POST /api/auth/refresh -', 'GET /api/caseload a2']);
    expect(auth.token()).toBe('a2');
    expect(saved.at(-1)).toMatchObject({ token: 'a2', refresh_token: 'r2', user });
    expect(onExpired).not.toHaveBeenCalled();
  });

  it('lets many requests that met an expired token share one refresh', async () => {
    const server = new TokenServer();
    const { auth } = signedIn(server);
    server.expireAccess();
    let release!: () => void;
    server.gate = new Promise((resolve) => (release = resolve));

    const answers = Promise.all(['/a', '/b', '/c', '/d'].map((path) => get(auth, path)));
    await vi.waitFor(() => expect(server.refreshes()).toBe(1));
    release();

    expect((await answers).map((r) => r.status)).toEqual([200, 200, 200, 200]);
    // One refresh: a second one would have spent r1 again, and the server would end the session.
    expect(server.refreshes()).toBe(1);
    expect(server.ended).toBe(false);
    expect(server.log.filter((l) => l.endsWith(' a2')).sort()).toEqual(['GET /a a2', 'GET /b a2', 'GET /c a2', 'GET /d a2']);
  });

  it('resends without refreshing again when another request refreshed meanwhile', async () => {
    const server = new TokenServer();
    const { auth } = signedIn(server);
    server.expireAccess();
    let release!: () => void;
    server.held = { path: '/slow', until: new Promise((resolve) => (release = resolve)) };

    const slow = get(auth, '/slow'); // on its way with a1
    await vi.waitFor(() => expect(server.log).toContain('GET /slow a1'));
    expect((await get(auth, '/fast')).status).toBe(200); // 401, refresh, a2
    release(); // the slow one's 401 arrives only now

    expect((await slow).status).toBe(200);
    expect(server.refreshes()).toBe(1);
    expect(server.log.at(-1)).toBe('GET /slow a2');
  });

  it('refreshes before sending when the access token is about to expire', async () => {
    const server = new TokenServer();
    let now = 1_000_000;
    const { auth } = signedIn(server, { expires_at: now + 900_000 }, () => now);
    now += 900_000 - REFRESH_LEEWAY_MS + 1;
    server.expireAccess();

    await get(auth, '/api/caseload');

    expect(server.log).toEqual(['POST /api/auth/refresh -', 'GET /api/caseload a2']);
  });

  it('tries a request only twice: a second 401 goes back to the caller', async () => {
    const server = new TokenServer();
    server.expireAccess();
    const stubborn = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) =>
      String(input) === '/api/auth/refresh' ? server.fetch(input, init) : refusal(401, 'auth.session_ended'));
    const strict = new Auth({ session: { token: 'a1', refresh_token: 'r1', user }, fetch: stubborn });

    const res = await strict.fetch('/api/me', { headers: { Authorization: 'Bearer a1' } });

    expect(res.status).toBe(401);
    expect(stubborn.mock.calls.map(([url]) => String(url))).toEqual(['/api/me', '/api/auth/refresh', '/api/me']);
  });

  it('sends the person to sign in once when the server refuses the refresh token', async () => {
    const server = new TokenServer();
    const { auth, saved, onExpired } = signedIn(server);
    server.expireAccess();
    server.ended = true; // e.g. the password was changed on another device

    const [a, b] = await Promise.all([get(auth, '/a'), get(auth, '/b')]);
    const c = await get(auth, '/c');

    expect([a.status, b.status, c.status]).toEqual([401, 401, 401]);
    expect(onExpired).toHaveBeenCalledTimes(1);
    expect(server.refreshes()).toBe(1); // the refused refresh token is not tried again
    expect(saved.at(-1)).toMatchObject({ token: 'a1', refresh_token: null });
  });

  it('treats a refresh without an answer as a lost connection, not as the end of the session', async () => {
    const server = new TokenServer();
    const { auth, onExpired } = signedIn(server);
    server.expireAccess();
    server.refreshDown = true;

    await expect(get(auth, '/api/caseload')).rejects.toThrow(TypeError);
    expect(onExpired).not.toHaveBeenCalled();

    server.refreshDown = false;
    expect((await get(auth, '/api/caseload')).status).toBe(200);
    expect(auth.token()).toBe('a2');
  });

  it('leaves requests without a token alone (signing in)', async () => {
    const server = new TokenServer();
    const { auth } = signedIn(server);
    server.expireAccess();

    const res = await auth.fetch('/api/auth/login', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });

    expect(res.status).toBe(401);
    expect(server.refreshes()).toBe(0);
  });
});

describe('logout', () => {
  it('ends the session on the server and forgets the tokens at once', async () => {
    const server = new TokenServer();
    const { auth, saved } = signedIn(server);

    const done = auth.logout();
    expect(auth.token()).toBeNull();
    await done;

    expect(server.log).toEqual(['POST /api/auth/logout a1']);
    expect(server.ended).toBe(true);
    expect(saved).toEqual([]);
  });

  it('refreshes an expired access token to sign out with, and saves nothing', async () => {
    const server = new TokenServer();
    const { auth, saved, onExpired } = signedIn(server);
    server.expireAccess();

    await auth.logout();

    expect(server.log).toEqual(['POST /api/auth/logout a1', 'POST /api/auth/refresh -', 'POST /api/auth/logout a2']);
    expect(server.ended).toBe(true);
    expect(saved).toEqual([]);
    expect(onExpired).not.toHaveBeenCalled();
  });

  it('still completes without signal', async () => {
    const failing = vi.fn(async () => {
      throw new TypeError('Failed to fetch');
    });
    const auth = new Auth({ session: { token: 'a1', refresh_token: 'r1', user }, fetch: failing });

    await expect(auth.logout()).resolves.toBeUndefined();
    expect(auth.token()).toBeNull();
  });
});

describe('the outbox with an expiring session', () => {
  const command = (id: string) => ({
    command_id: id, folder_id: 'f1', path: '/api/folders/f1/visits', kind: 'visit_recorded' as const,
    body: { visit: { minutes: 30 } }, seen_version: 1,
  });

  it('sends a command after a refresh, once, with its command_id, and never pauses', async () => {
    const server = new TokenServer();
    const { auth } = signedIn(server);
    const db = new TeczkaDB(`auth-${crypto.randomUUID()}`);
    const outbox = new Outbox({ db, user: 'u1', getToken: auth.token, fetch: auth.fetch, events: null, autoDrain: false });
    const events: OutboxEvent[] = [];
    outbox.subscribe((e) => events.push(e));
    server.expireAccess();

    await outbox.enqueue(command('c1'));
    await outbox.drain();

    expect(server.commands.map((c) => c.command_id)).toEqual(['c1']);
    expect(events.map((e) => e.type)).toEqual(['acked']);
    expect(await outbox.entries()).toEqual([]);
    db.close();
  });

  it('keeps the command when the refresh is refused, and sends it after the person signs in again', async () => {
    const server = new TokenServer();
    const { auth, onExpired } = signedIn(server);
    const db = new TeczkaDB(`auth-${crypto.randomUUID()}`);
    const outbox = new Outbox({ db, user: 'u1', getToken: auth.token, fetch: auth.fetch, events: null, autoDrain: false });
    const events: OutboxEvent[] = [];
    outbox.subscribe((e) => events.push(e));
    server.expireAccess();
    server.ended = true;

    await outbox.enqueue(command('c1'));
    await outbox.drain();

    expect(onExpired).toHaveBeenCalledTimes(1);
    expect(events.map((e) => e.type)).toEqual(['unauthorized']);
    expect((await outbox.entries()).map((e) => [e.command_id, e.status])).toEqual([['c1', 'pending']]);

    // signing in again: a new session, the same person
    server.ended = false;
    server.generation = 7;
    server.valid = new Set(['a7']);
    auth.replace({ token: 'a7', refresh_token: 'r7', expires_at: null, user });
    await outbox.resume();

    expect(server.commands.map((c) => c.command_id)).toEqual(['c1']);
    expect(await outbox.entries()).toEqual([]);
    db.close();
  });
});
