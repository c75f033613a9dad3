// @vitest-environment happy-dom
// The social worker's journey through the real screens, in a JS DOM (no browser), against a
// stand-in for the HTTP API behind a mocked fetch: sign in, caseload, client view, a visit
// recorded without signal that waits as "pending", is sent when the signal returns, and a
// conflict resolved on the conflict screen.
import { describe, expect, it, vi } from 'vitest';
import type { CaseloadRow, ClientView } from '../src/contract';
import { TeczkaDB } from '../src/db';
import { json, refusal, signedIn } from './support/api';
import { allByTestId, byTestId, go, showApp, signIn, type, waitFor } from './support/screen';
import { answerSync } from './support/syncServer';

class FakeApi {
  offline = false;
  readonly requests: string[] = [];
  readonly commands: Record<string, any>[] = [];
  private position = 500;
  folder: ClientView = {
    folder_id: 'f1',
    version: 3,
    team_id: 't3',
    worker_id: 'u1',
    status: 'open',
    address: { street: 'ul. Piękna', building: '12', flat: '4', postal_code: '50-001', city: 'Wrocław', teryt: '0264069' },
    members: [{ member_id: 'm1', first_name: 'Jan', last_name: 'Nowak', relation: 'head' }],
    timeline: [{ type: 'VisitRecorded', visited_on: '2025-01-10', activity: 'phone_call', minutes: 15 }],
    interview: { due_on: '2025-02-01', update_due_on: null, overdue: true },
  };

  caseload(): CaseloadRow[] {
    return [
      { folder_id: 'f1', head_name: 'Jan Nowak', address_line: 'ul. Piękna 12/4, Wrocław', version: this.folder.version,
        interview_due_on: '2025-02-01', interview_overdue: true, last_visit_on: '2025-01-10' },
      { folder_id: 'f2', head_name: 'Maria Wiśniewska', address_line: 'ul. Długa 3, Wrocław', version: 1,
        interview_due_on: null, interview_overdue: false, last_visit_on: null },
    ];
  }

  readonly fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = String(input);
    const method = init?.method ?? 'GET';
    this.requests.push(`${method} ${url}`);
    if (this.offline) throw new TypeError('Failed to fetch');
    if (url === '/api/auth/login') {
      return signedIn({ id: 'u1', username: 'anna', display_name: 'Anna Kowalska', role: 'social_worker', unit: 'ZTPS 3' });
    }
    if ((init?.headers as Record<string, string>)?.Authorization !== 'Bearer tok') return refusal(401, 'auth.missing');
    if (url === '/api/auth/logout' && method === 'POST') return new Response(null, { status: 204 });
    // The outbox sends batches: each command runs through the handlers below (syncServer.ts).
    if (url === '/api/sync') return answerSync(init, (path, inner) => this.fetch(path, inner));
    if (url.startsWith('/api/caseload')) return json(200, this.caseload());
    if (url.startsWith('/api/folders/f1') && method === 'GET') return json(200, this.folder);
    if (url.startsWith('/api/folders/f1/') && method === 'POST') {
      const body = JSON.parse(String(init?.body));
      this.commands.push({ path: url, ...body });
      if (body.expected_version !== this.folder.version) {
        return refusal(409, 'version.stale', { current_version: this.folder.version });
      }
      const event = url.endsWith('/visits')
        ? { type: 'VisitRecorded', ...body.visit }
        : { type: url.endsWith('/conducted') ? 'InterviewConducted' : 'InterviewScheduled', ...body };
      this.folder = { ...this.folder, version: this.folder.version + 1, timeline: [...this.folder.timeline, event] };
      return json(201, { command_id: body.command_id, folder_id: 'f1', version: this.folder.version, position: ++this.position, duplicate: false });
    }
    return refusal(404, 'not_found');
  });
}

const api = new FakeApi();

showApp(api.fetch);

describe('a social worker on the tablet', () => {
  it('signs in and sees their caseload in Polish, with the overdue interview marked', async () => {
    signIn('anna');

    const rows = await waitFor(() => allByTestId('caseload-row').length === 2 && allByTestId('caseload-row'), 'caseload');
    expect(byTestId('user-name')!.textContent).toBe('Anna Kowalska');
    expect(byTestId('user-role')!.textContent).toBe('pracownik socjalny');
    expect(rows[0].textContent).toContain('Jan Nowak');
    expect(rows[0].querySelector('[data-testid="overdue-badge"]')!.textContent).toContain('Wywiad zaległy');
    expect(rows[1].querySelector('[data-testid="overdue-badge"]')).toBeNull();
    expect(sessionStorage.getItem('teczka.session')).toContain('"token":"tok"');
  });

  it('records a visit without signal: it shows as pending, then is sent and shown from the server', async () => {
    go('#/folder/f1');
    await waitFor(() => byTestId('folder-address')?.textContent?.includes('ul. Piękna 12/4'), 'client view');
    expect(byTestId('timeline')!.textContent).toContain('rozmowa telefoniczna');

    api.offline = true;
    go('#/folder/f1/visit');
    await waitFor(() => byTestId('visit-form'), 'visit form');
    expect((byTestId('visit-date') as HTMLInputElement).value).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    type('visit-minutes', '45');
    type('visit-notes', 'lodówka pusta');
    byTestId('visit-submit')!.click();

    const badge = await waitFor(() => byTestId('pending-badge'), 'pending badge');
    expect(badge.textContent).toBe('oczekuje na wysłanie');
    // the outbox's notice says what is true: offline, it waits on the tablet (and only then)
    const notice = await waitFor(() => byTestId('outbox-notice'), 'outbox notice');
    expect(notice.dataset.state).toBe('waiting');
    expect(notice.textContent).toMatch(/^Zapisano na tablecie \(do wysłania: 1\)/);
    expect(byTestId('timeline')!.textContent).toContain('lodówka pusta');
    await waitFor(() => byTestId('cached-note'), 'note that the data is from the tablet');
    expect(byTestId('cached-note')!.textContent).toMatch(/^dane z /);
    expect(api.commands).toHaveLength(0);

    api.offline = false;
    window.dispatchEvent(new Event('online'));

    await waitFor(() => !byTestId('pending-badge') && byTestId('timeline')!.textContent!.includes('lodówka pusta'), 'visit on the server');
    expect(api.commands).toHaveLength(1);
    expect(api.commands[0]).toMatchObject({ expected_version: 3, visit: { minutes: 45, activity: 'home_visit', notes: 'lodówka pusta' } });
    expect(api.requests).toContain('GET /api/folders/f1?after=501'); // reads its own write
    // sent: the notice says so for a moment, then it is gone (it does not stay on other screens)
    await waitFor(() => !byTestId('outbox-notice'), 'the notice gone once sent');
  });

  it('shows a conflict side by side and applies the change on top of the current version', async () => {
    api.offline = true;
    go('#/folder/f1/visit');
    await waitFor(() => byTestId('visit-form'), 'visit form');
    type('visit-minutes', '30');
    type('visit-notes', 'druga wizyta');
    byTestId('visit-submit')!.click();
    await waitFor(() => byTestId('pending-badge'), 'pending badge');

    api.folder = { ...api.folder, version: api.folder.version + 1 }; // a colleague changed the folder
    api.offline = false;
    window.dispatchEvent(new Event('online'));

    const resolve = await waitFor(() => byTestId('conflict-resolve'), 'conflict badge');
    expect((await waitFor(() => byTestId('outbox-notice'), 'outbox notice')).dataset.state).toBe('failed');
    expect(byTestId('conflict-badge')!.textContent).toBe('konflikt wersji');
    go(resolve.getAttribute('href')!);
    await waitFor(() => byTestId('conflict-server-version'), 'server side of the conflict');
    // "saved on the tablet, it will be sent" is not true any more: no such notice over the conflict
    expect(byTestId('notice')!.textContent).toBe('');
    expect(byTestId('conflict-mine')!.textContent).toContain('druga wizyta');
    expect(byTestId('conflict-server-version')!.textContent).toBe('Wersja 5');

    byTestId('conflict-apply')!.click();

    await waitFor(() => api.folder.version === 6 && byTestId('folder-view') && !byTestId('pending-badge'), 'change applied');
    const [stale, resent] = api.commands.slice(-2);
    expect(resent.expected_version).toBe(5);
    expect(resent.command_id).not.toBe(stale.command_id);
  });

  it('will not save an interview until sections A, H, I and J are filled in', async () => {
    go('#/folder/f1/interview');
    await waitFor(() => byTestId('interview-form'), 'interview form');
    type('interview-section-A', 'Jan Nowak, 67 lat, mieszka sam');
    type('interview-section-B', 'mieszkanie komunalne, zimne');
    byTestId('interview-submit')!.click();

    const missing = await waitFor(() => byTestId('interview-missing'), 'list of missing sections');
    expect(missing.textContent).toBe('Uzupełnij wymagane części: H, I, J.');
    expect(byTestId('interview-section-H')!.getAttribute('aria-invalid')).toBe('true');
    const before = api.commands.length;

    type('interview-section-H', 'pomoc w zakupach');
    type('interview-section-I', 'samotność, niska emerytura');
    type('interview-section-J', 'usługi opiekuńcze 2 h dziennie');
    byTestId('interview-submit')!.click();

    await waitFor(() => api.commands.length === before + 2 && !byTestId('pending-badge'), 'interview sent');
    const [schedule, conduct] = api.commands.slice(-2);
    expect(schedule.path).toBe('/api/folders/f1/interviews');
    expect(conduct.path).toBe(`/api/folders/f1/interviews/${schedule.interview_id}/conducted`);
    expect(conduct.expected_version).toBe(schedule.expected_version + 1);
    expect(Object.keys(conduct.sections).sort()).toEqual(['A', 'B', 'H', 'I', 'J']);
  });

  it('keeps interview text typed on the tablet when the worker goes back, until it is discarded', async () => {
    go('#/folder/f1/interview');
    await waitFor(() => byTestId('interview-form'), 'interview form');
    expect(byTestId('draft-note')).toBeNull();
    type('interview-section-A', 'Maria, 80 lat, po udarze');
    type('interview-section-G', 'brak');
    byTestId('draft-note')!; // the draft is being kept
    go('#/folder/f1'); // "← Wróć"
    await waitFor(() => byTestId('folder-view'), 'client view');
    go('#/folder/f1/interview');
    await waitFor(() => (byTestId('interview-section-A') as HTMLTextAreaElement | null)?.value === 'Maria, 80 lat, po udarze', 'the draft restored');
    expect((byTestId('interview-section-G') as HTMLTextAreaElement).value).toBe('brak');
    expect(byTestId('draft-note')!.dataset.restored).toBe('true');

    byTestId('draft-discard')!.click();
    await waitFor(() => (byTestId('interview-section-A') as HTMLTextAreaElement).value === '', 'the form emptied');
    const db = new TeczkaDB();
    await waitFor(async () => (await db.drafts.where('user').equals('u1').count()) === 0, 'the draft deleted');
    // and away and back again: nothing comes back
    go('#/folder/f1');
    await waitFor(() => byTestId('folder-view'), 'client view');
    go('#/folder/f1/interview');
    await waitFor(() => byTestId('interview-form'), 'interview form');
    await new Promise((r) => setTimeout(r, 50));
    expect((byTestId('interview-section-A') as HTMLTextAreaElement).value).toBe('');
    db.close();
  });

  it('switches to English, and on logout leaves none of their data on the tablet', async () => {
    byTestId('lang-switch')!.click();
    await waitFor(() => byTestId('logout-button')?.textContent === 'Sign out', 'English');
    expect(document.documentElement.lang).toBe('en');

    api.offline = true;
    go('#/folder/f1/visit');
    await waitFor(() => byTestId('visit-form'), 'visit form');
    type('visit-minutes', '20');
    byTestId('visit-submit')!.click();
    expect((await waitFor(() => byTestId('pending-badge'), 'pending badge')).textContent).toBe('pending');
    // an unsent draft of an interview is personal data too
    go('#/folder/f1/interview');
    await waitFor(() => byTestId('interview-form'), 'interview form');
    type('interview-section-A', 'szkic do usunięcia');
    await waitFor(async () => (await new TeczkaDB().drafts.where('user').equals('u1').count()) === 1, 'the draft kept');
    const db = new TeczkaDB();
    expect(await db.outbox.where('user').equals('u1').count()).toBe(1);
    expect(await db.views.where('user').equals('u1').count()).toBeGreaterThan(0);

    byTestId('logout-button')!.click();
    const confirm = await waitFor(() => byTestId('logout-confirm'), 'warning about unsent changes');
    expect(byTestId('login-form')).toBeNull();
    confirm.click();
    await waitFor(() => byTestId('login-form'), 'login screen');

    expect(await db.views.where('user').equals('u1').count()).toBe(0);
    expect(await db.outbox.where('user').equals('u1').count()).toBe(0);
    expect(await db.acks.where('user').equals('u1').count()).toBe(0);
    expect(await db.drafts.where('user').equals('u1').count()).toBe(0);
    expect(sessionStorage.getItem('teczka.session')).toBeNull();
    // and the server ended the session (the token was still in hand when it was asked to)
    await waitFor(() => api.requests.includes('POST /api/auth/logout'), 'logout request');
    expect(api.fetch.mock.calls.find(([url]) => url === '/api/auth/logout')![1]!.headers).toMatchObject({ Authorization: 'Bearer tok' });
    db.close();
  });
});
