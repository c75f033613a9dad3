// @vitest-environment happy-dom
// A working day on the tablet: the access token expires and is refreshed without the person
// noticing; when the server refuses the refresh (the session was ended elsewhere), the person
// signs in again and the visit they recorded meanwhile is still there and is sent.
import { describe, expect, it, vi } from 'vitest';
import type { ClientView } from '../src/contract';
import { TeczkaDB } from '../src/db';
import { json, refusal } from './support/api';
import { byTestId, go, root, showApp, signIn, type, waitFor } from './support/screen';
import { answerSync } from './support/syncServer';

const user = { id: 'u1', username: 'anna', display_name: 'Anna Kowalska', role: 'social_worker', unit: 'ZTPS-1' };

const server = {
  generation: 0,
  access: '',
  refresh: '',
  sessionEnded: false,
  requests: [] as string[],
  visits: [] as Record<string, any>[],
  version: 2,
  tokens() {
    this.generation += 1;
    this.access = `a${this.generation}`;
    this.refresh = `r${this.generation}`;
    return { access_token: this.access, token_type: 'bearer', expires_in: 900, user,
      refresh_token: this.refresh, refresh_expires_in: 40_000 };
  },
  folder(): ClientView {
    return {
      folder_id: 'f1', version: this.version, team_id: 'ZTPS-1', worker_id: 'u1', status: 'open',
      address: { street: 'Legnicka', building: '12', flat: '3', postal_code: '54-203', city: 'Wrocław', teryt: '0264069' },
      members: [{ member_id: 'm1', first_name: 'Halina', last_name: 'Kowalczyk', relation: 'head' }],
      timeline: this.visits.map((v) => ({ kind: 'visit', occurred_on: v.visited_on, details: v })),
      interview: null,
    };
  },
};

const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
  const url = String(input);
  const method = init?.method ?? 'GET';
  const bearer = ((init?.headers ?? {}) as Record<string, string>).Authorization?.slice(7) ?? '-';
  server.requests.push(`${method} ${url.split('?')[0]} ${bearer}`);
  if (url === '/api/auth/login') {
    server.sessionEnded = false;
    return json(200, server.tokens());
  }
  if (url === '/api/auth/refresh') {
    const presented = JSON.parse(String(init?.body)).refresh_token;
    if (server.sessionEnded || presented !== server.refresh) return refusal(401, 'auth.invalid_refresh');
    return json(200, server.tokens());
  }
  if (server.sessionEnded || bearer !== server.access) return refusal(401, 'auth.invalid_token');
  if (url === '/api/sync') return answerSync(init, (path, one) => fetchMock(path, one));
  if (url.startsWith('/api/caseload')) {
    return json(200, [{ folder_id: 'f1', head_name: 'Halina Kowalczyk', address_line: 'Legnicka 12/3', version: server.version,
      interview_due_on: null, interview_overdue: false, last_visit_on: null }]);
  }
  if (url.startsWith('/api/folders/f1') && method === 'GET') return json(200, server.folder());
  if (url === '/api/folders/f1/visits' && method === 'POST') {
    const body = JSON.parse(String(init?.body));
    server.visits.push(body.visit);
    server.version += 1;
    return json(201, { command_id: body.command_id, folder_id: 'f1', version: server.version, position: 700 + server.version, duplicate: false });
  }
  if (url === '/api/auth/logout') return new Response(null, { status: 204 });
  return refusal(404, 'not_found');
});

showApp(fetchMock);

describe('a session on the tablet', () => {
  it('keeps the refresh token of the sign-in for this tab only', async () => {
    signIn('anna');
    await waitFor(() => byTestId('caseload-row'), 'caseload');
    const kept = JSON.parse(sessionStorage.getItem('teczka.session')!);
    expect(kept).toMatchObject({ token: 'a1', refresh_token: 'r1', user: { id: 'u1' } });
    expect(kept.expires_at).toBeGreaterThan(Date.now());
    expect(localStorage.getItem('teczka.session')).toBeNull();
  });

  it('refreshes an expired access token without the person noticing', async () => {
    server.access = 'expired-on-the-server';
    server.requests.length = 0;

    go('#/folder/f1');

    await waitFor(() => byTestId('folder-address')?.textContent?.includes('Legnicka'), 'client view');
    // The folder screen's other reads (its receivables) go out beside it, in no fixed order.
    const main = server.requests.filter((r) => !r.startsWith('GET /api/folders/f1/'));
    expect(main).toEqual(['GET /api/folders/f1 a1', 'POST /api/auth/refresh -', 'GET /api/folders/f1 a2']);
    expect(byTestId('login-form')).toBeNull();
    expect(JSON.parse(sessionStorage.getItem('teczka.session')!)).toMatchObject({ token: 'a2', refresh_token: 'r2' });
  });

  it('asks to sign in again when the refresh is refused, keeping the unsent visit, and sends it after', async () => {
    go('#/folder/f1/visit');
    await waitFor(() => byTestId('visit-form'), 'visit form');
    server.access = 'expired-on-the-server';
    server.sessionEnded = true; // e.g. the password was changed on another device
    server.requests.length = 0;
    type('visit-minutes', '40');
    type('visit-notes', 'zakupy na tydzień');
    byTestId('visit-submit')!.click();

    await waitFor(() => byTestId('login-form'), 'login screen');
    expect(root().textContent).toContain('Sesja wygasła');
    expect(server.visits).toEqual([]);
    const db = new TeczkaDB();
    expect((await db.outbox.where('user').equals('u1').toArray()).map((e) => e.status)).toEqual(['pending']);
    expect(server.requests.filter((r) => r.startsWith('POST /api/auth/refresh'))).toHaveLength(1);

    signIn('anna');

    await waitFor(() => server.visits.length === 1, 'the visit sent after signing in');
    expect(server.visits[0]).toMatchObject({ minutes: 40, notes: 'zakupy na tydzień' });
    await waitFor(async () => (await db.outbox.count()) === 0, 'outbox drained');
    expect(await db.outbox.where('user').equals('u1').count()).toBe(0);
    db.close();
  });

  it('signs out on the server and leaves nothing of the person on the tablet', async () => {
    server.requests.length = 0;
    await waitFor(() => byTestId('logout-button'), 'top bar');
    byTestId('logout-button')!.click();
    // The previous test's visit may still be on its way: then the app first asks whether to
    // drop the unsent changes, and the person confirms.
    const next = await waitFor(() => byTestId('login-form') || byTestId('logout-confirm'),
                               'login screen or the question about unsent changes');
    if (next.dataset.testid === 'logout-confirm') next.click();
    await waitFor(() => byTestId('login-form'), 'login screen');

    await waitFor(() => server.requests.includes(`POST /api/auth/logout ${server.access}`), 'logout request');
    const db = new TeczkaDB();
    expect(await db.views.where('user').equals('u1').count()).toBe(0);
    expect(await db.acks.where('user').equals('u1').count()).toBe(0);
    expect(await db.outbox.where('user').equals('u1').count()).toBe(0);
    expect(sessionStorage.getItem('teczka.session')).toBeNull();
    db.close();
  });
});
