// @vitest-environment happy-dom
// The decision maker's screens (a lazily loaded chunk) against a stand-in for the API that keeps
// one proceeding's state: a care decision is issued, the decided proceeding stays reachable from
// the home screen, and its delivery, an amendment (starting from the terms sent), the appeal, the
// SKO's ruling and finality are queued through the outbox; a final proceeding is no longer shown.
import { render } from 'preact';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { localToday } from '../src/commands';
import type { Proceeding } from '../src/contract';
import { App } from '../src/ui/App';
import { answerSync } from './syncServer';

const today = localToday();
let position = 100;
let proceeding: Proceeding = {
  proceeding_id: 'p1', version: 2, person_id: 'm1', form: 'care_services', case_reference: 'ZTPS1.8210.7.2026',
  applicant: 'person', opened_on: '2026-01-05', status: 'filed', decision_id: null, outcome: null,
  issued_on: null, delivered_on: null, final_on: null,
};
const commands: { action: string; body: Record<string, any> }[] = [];

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
const notFound = () => json(404, { error: { code: 'proceeding.not_found', message: { pl: 'Nie znaleziono postępowania.', en: 'Not found.' }, details: {} } });

/** What each command does to the proceeding on the server. */
const APPLY: Record<string, (b: Record<string, any>) => Partial<Proceeding>> = {
  decision: (b) => ({ status: 'decided', decision_id: b.decision_id, outcome: b.outcome, issued_on: b.issued_on }),
  delivery: (b) => ({ status: 'delivered', delivered_on: b.on }),
  amendment: () => ({}),
  appeal: () => ({ status: 'appealed' }),
  'appeal-resolution': (b) => ({ status: b.decision_upheld ? 'delivered' : 'filed' }),
  finality: (b) => ({ status: 'final', final_on: b.on }),
};

const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
  const url = String(input);
  const method = init?.method ?? 'GET';
  if (url === '/api/auth/login') {
    return json(200, { access_token: 'tok', token_type: 'bearer', expires_in: 900, refresh_token: 'r', refresh_expires_in: 9000,
      user: { id: 'd1', username: 'jan.decyzja', display_name: 'Jan Decyzja', role: 'decision_maker', unit: 'MOPS' } });
  }
  if (url === '/api/sync') return answerSync(init, (path, one) => fetchMock(path, one));
  const open = ['filed', 'decided', 'delivered', 'appealed'].includes(proceeding.status);
  if (url.startsWith('/api/proceedings/pending')) return json(200, proceeding.status === 'filed' ? [proceeding] : []);
  const command = /^\/api\/proceedings\/p1\/([a-z-]+)$/.exec(url);
  if (command && method === 'POST') {
    const body = JSON.parse(String(init?.body));
    commands.push({ action: command[1]!, body });
    proceeding = { ...proceeding, ...APPLY[command[1]!]!(body), version: proceeding.version + 1 };
    return json(201, { command_id: body.command_id, folder_id: null, aggregate_id: 'p1', version: proceeding.version, position: ++position, duplicate: false });
  }
  if (url.startsWith('/api/proceedings/p1') && method === 'GET') return open ? json(200, proceeding) : notFound();
  return notFound();
});

const root = () => document.getElementById('app')!;
const byTestId = (id: string) => root().querySelector<HTMLElement>(`[data-testid="${id}"]`);
const allByTestId = (id: string) => [...root().querySelectorAll<HTMLElement>(`[data-testid="${id}"]`)];

async function waitFor<T>(probe: () => T | null | undefined | false, what: string): Promise<T> {
  for (let i = 0; i < 300; i++) {
    const found = probe();
    if (found) return found;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`timed out waiting for ${what}; screen: ${root().textContent}`);
}

function type(testId: string, value: string, event = 'input') {
  const field = byTestId(testId) as HTMLInputElement;
  field.value = value;
  field.dispatchEvent(new Event(event, { bubbles: true }));
}

function tick(testId: string, value: string) {
  (root().querySelector(`[data-testid="${testId}"][value="${value}"]`) as HTMLInputElement).click();
}

function go(hash: string) {
  window.location.hash = hash;
  window.dispatchEvent(new HashChangeEvent('hashchange'));
}

/** Opens the step's form, lets `fill` fill it, submits, and waits until the server has it. */
async function step(action: string, fill: () => void = () => undefined) {
  const before = commands.length;
  (await waitFor(() => byTestId(`action-${action}`), `${action} button`)).click();
  await waitFor(() => byTestId('action-form')?.getAttribute('data-action') === action, `${action} form`);
  fill();
  byTestId('action-submit')!.click();
  await waitFor(() => commands.length === before + 1, `${action} sent`);
  return commands[before]!;
}

const status = () => byTestId('proceeding-status')?.textContent;

beforeAll(() => {
  vi.stubGlobal('fetch', fetchMock);
  document.body.innerHTML = '<div id="app"></div>';
  render(<App />, root());
});

afterAll(() => {
  render(null, root());
  vi.unstubAllGlobals();
});

describe('a decision maker on the tablet', () => {
  it('issues a care decision from the pending list', async () => {
    type('login-username', 'jan.decyzja');
    type('login-password', 'sekret');
    byTestId('login-submit')!.click();
    const row = await waitFor(() => byTestId('proceeding-row'), 'pending proceeding');
    go(row.getAttribute('href')!);
    await waitFor(() => byTestId('decision-form'), 'decision form');

    tick('decision-outcome-grant', 'grant');
    tick('decision-reason', '5');
    await waitFor(() => byTestId('care-terms'), 'care terms');
    tick('care-task', 'meals');
    type('care-hours-day', '2');
    type('care-hours-week', '10');
    type('care-period-to', '2026-12-31');
    type('care-hourly-cost', '40');
    type('care-fee-share', '0');
    byTestId('decision-submit')!.click();

    await waitFor(() => commands.length === 1, 'decision sent');
    expect(commands[0]).toMatchObject({ action: 'decision', body: { outcome: 'grant', expected_version: 2, care: { hours_per_day: '2.00' } } });
  });

  it('finds the decided proceeding on the home screen and records its delivery', async () => {
    const row = await waitFor(() => byTestId('decided-list')?.querySelector('[data-testid="proceeding-row"]'), 'decided list');
    expect(row.getAttribute('data-status')).toBe('decided');
    expect(allByTestId('proceedings-list').flatMap((l) => [...l.children])).toHaveLength(0);
    go(row.getAttribute('href')!);
    await waitFor(() => status() === 'wydano decyzję', 'decided proceeding');
    expect(allByTestId('decision-actions')[0]!.textContent).toContain('Doręczenie');
    expect(byTestId('action-appeal')).toBeNull(); // not before delivery

    const sent = await step('delivery', () => type('action-on', today));
    expect(sent.body).toMatchObject({ on: today, expected_version: 3 });
    await waitFor(() => status() === 'doręczona', 'delivered');
  });

  it('refuses a step without its reason, or dated before the decision, before anything is queued', async () => {
    (await waitFor(() => byTestId('action-revocation'), 'revoke button')).click();
    await waitFor(() => byTestId('action-form'), 'revoke form');
    type('action-on', '2020-01-01');
    byTestId('action-submit')!.click();
    await waitFor(() => byTestId('action-missing'), 'missing fields');
    expect(byTestId('action-reason')!.getAttribute('aria-invalid')).toBe('true');
    expect(root().textContent).toContain('Data nie może być wcześniejsza niż wydanie decyzji.');
    expect(commands).toHaveLength(2);
    byTestId('action-revocation')!.click(); // close it
  });

  it('amends the care terms, starting from the terms it sent', async () => {
    const sent = await step('amendment', () => {
      expect((byTestId('care-hours-day') as HTMLInputElement).value).toBe('2');
      expect((root().querySelector('[data-testid="care-task"][value="meals"]') as HTMLInputElement).checked).toBe(true);
      type('care-hours-day', '3');
      type('care-hours-week', '15');
      type('action-reason', 'Pogorszenie stanu zdrowia, potrzeba więcej godzin.');
    });
    expect(sent.body).toMatchObject({ amended_on: today, reason: 'Pogorszenie stanu zdrowia, potrzeba więcej godzin.',
      care: { hours_per_day: '3.00', hours_per_week: '15.00', tasks: ['meals'], period_to: '2026-12-31' } });
  });

  it('records the appeal, the SKO upholding the decision, and finality; then the proceeding is closed', async () => {
    expect((await step('appeal')).body).toMatchObject({ on: today });
    await waitFor(() => status() === 'odwołanie do SKO', 'appealed');
    const ruling = await step('appeal-resolution', () => tick('action-upheld-yes', 'yes'));
    expect(ruling.body).toMatchObject({ decision_upheld: true, on: today });
    await waitFor(() => status() === 'doręczona' && byTestId('action-finality'), 'upheld: back to delivered');

    await step('finality');

    await waitFor(() => byTestId('proceeding-closed'), 'closed notice');
    expect(commands.map((c) => c.action)).toEqual(['decision', 'delivery', 'amendment', 'appeal', 'appeal-resolution', 'finality']);
    go('#/');
    await waitFor(() => byTestId('proceedings-list'), 'home');
    await new Promise((r) => setTimeout(r, 50));
    expect(byTestId('decided-list')).toBeNull();
  });
});
