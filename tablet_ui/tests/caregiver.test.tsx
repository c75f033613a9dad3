// @vitest-environment happy-dom
// The caregiver's screen (a lazily loaded chunk) against a stand-in for the API: a check-in
// and a check-out made without signal are queued as chained commands and sent in order when
// the signal returns; an observation is raised with its kind.
import { describe, expect, it, vi } from 'vitest';
import type { CaregiverVisit } from '../src/contract';
import { localToday } from '../src/commands';
import { json, refusal, signedIn } from './support/api';
import { byTestId, root, showApp, signIn, tick, type, waitFor } from './support/screen';
import { answerSync } from './support/syncServer';

const today = localToday();
let offline = false;
let visitsDown = false;
let version = 5;
let open: { id: string; at: string } | null = null;
const commands: { path: string; body: Record<string, any> }[] = [];
const visit = (): CaregiverVisit => ({
  order_id: 'o1', order_version: version, day: today, start: '09:00', minutes: 120,
  client_name: 'Halina Kowalczyk', address_line: 'Legnicka 12/3, 54-203 Wrocław',
  access_notes: 'Domofon nie działa', health_notes: 'Cukrzyca', tasks: ['personal_hygiene', 'meals'],
  open_visit_id: open?.id ?? null, open_visit_started_at: open?.at ?? null, cover: false,
});

const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
  const url = String(input);
  if (offline) throw new TypeError('Failed to fetch');
  if (url === '/api/auth/login') {
    return signedIn({ id: 'c1', username: 'opiekunka', display_name: 'Halina Opiekun', role: 'caregiver', unit: 'MCUS' });
  }
  // The outbox sends batches: each command runs through the handlers below (syncServer.ts).
  if (url === '/api/sync') return answerSync(init, (path, inner): Promise<Response> => fetchMock(path, inner));
  if (url.startsWith('/api/caregiver/visits')) {
    if (visitsDown) return refusal(503, 'store.unavailable');
    return json(200, [visit()]);
  }
  if (url.startsWith('/api/caregiver/orders/o1/') && init?.method === 'POST') {
    const body = JSON.parse(String(init.body));
    commands.push({ path: url, body });
    if (body.expected_version !== version) return refusal(409, 'version.stale', { current_version: version });
    version += 1;
    if (url.endsWith('/visits')) open = { id: body.visit_id, at: body.started_at };
    if (url.endsWith('/completion')) open = null;
    return json(201, { command_id: body.command_id, folder_id: null, version, position: 100 + version, duplicate: false });
  }
  return refusal(404, 'not_found');
});

showApp(fetchMock);

describe('a caregiver on the tablet', () => {
  it('sees today’s visit with only what care needs', async () => {
    signIn('opiekunka');
    const row = await waitFor(() => byTestId('care-visit-row'), 'visit row');
    expect(row.textContent).toContain('Halina Kowalczyk');
    expect(row.textContent).toContain('Domofon nie działa');
    expect(row.textContent).toContain('higiena osobista');
    expect(row.textContent).toContain('Cukrzyca');
  });

  it('checks in and out without signal; both are sent in order when the signal returns', async () => {
    offline = true;
    byTestId('check-in')!.click();
    await waitFor(() => byTestId('check-out'), 'check-out after an offline check-in');
    tick('task-done', 'meals');
    byTestId('check-out')!.click();
    await waitFor(() => byTestId('check-in'), 'check-in again after check-out');
    expect(commands).toHaveLength(0);
    // one notice, the outbox's, telling the truth: saved here, not yet sent (no second
    // "check-out saved" beside it)
    const notice = await waitFor(() => byTestId('outbox-notice'), 'the outbox notice');
    expect(notice.dataset.state).toBe('waiting');
    expect(notice.textContent).toContain('Zapisano na tablecie (do wysłania: 2)');
    expect(byTestId('notice')!.textContent).toBe('');

    offline = false;
    window.dispatchEvent(new Event('online'));
    await waitFor(() => commands.length === 2 && !byTestId('pending-badge'), 'both sent');
    const [checkIn, checkOut] = commands;
    expect(checkIn!.path).toBe('/api/caregiver/orders/o1/visits');
    expect(checkIn!.body.started_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/);
    expect(checkIn!.body.expected_version).toBe(5);
    expect(checkOut!.path).toBe(`/api/caregiver/orders/o1/visits/${checkIn!.body.visit_id}/completion`);
    expect(checkOut!.body.expected_version).toBe(6);
    expect(checkOut!.body.tasks_done).toEqual(['meals']);
  });

  it('keeps the visit open once its check-in reached the server, even when the visits cannot be read again', async () => {
    visitsDown = true; // the check-in goes through, the read after it does not
    byTestId('check-in')!.click();
    await waitFor(() => commands.length === 3 && open !== null, 'check-in on the server');
    await new Promise((r) => setTimeout(r, 50));
    expect(byTestId('pending-badge')).toBeNull();
    expect(byTestId('check-out-form')).not.toBeNull();
    expect(byTestId('check-in')).toBeNull();

    visitsDown = false;
    byTestId('check-out')!.click();
    await waitFor(() => commands.length === 4 && open === null && byTestId('check-in'), 'checked out');
    expect(commands[3]!.path).toBe(`/api/caregiver/orders/o1/visits/${commands[2]!.body.visit_id}/completion`);
  });

  it('raises an observation with a Polish kind label', async () => {
    byTestId('observation-open')!.click();
    await waitFor(() => byTestId('observation-kind'), 'observation form');
    const kinds = [...root().querySelectorAll('[data-testid="observation-kind"] option')].map((o) => o.textContent);
    expect(kinds).toContain('upadek');
    expect(kinds).toContain('brak jedzenia');
    byTestId('observation-submit')!.click();
    await waitFor(() => root().querySelector('[aria-invalid="true"]'), 'note required');
    type('observation-kind', 'fall', 'change');
    type('observation-note', 'Upadła w łazience');
    // leaving the form and coming back: what was typed is still there (a draft)
    byTestId('observation-open')!.click();
    await waitFor(() => !byTestId('observation-note'), 'the form closed');
    byTestId('observation-open')!.click();
    await waitFor(() => (byTestId('observation-note') as HTMLTextAreaElement | null)?.value === 'Upadła w łazience', 'the draft restored');
    byTestId('observation-submit')!.click();
    await waitFor(() => commands.length === 5, 'observation sent');
    expect(byTestId('notice')!.textContent).toBe('');
    expect(commands[4]!.path).toBe('/api/caregiver/orders/o1/observations');
    expect(commands[4]!.body).toMatchObject({ kind: 'fall', note: 'Upadła w łazience' });
  });
});
