// @vitest-environment happy-dom
// The decision maker's screens (a lazily loaded chunk) against a stand-in for the API that keeps
// the proceedings' state: a care decision is issued, the decided proceeding is listed by the
// server (GET /api/proceedings/decided), and its delivery, an amendment (starting from the terms
// sent), the appeal, the SKO's ruling and finality are queued through the outbox; a final
// proceeding is no longer listed. Decisions issued elsewhere are found too, the steps offered
// follow the server's state, and the kept list works without signal.
import { describe, expect, it, vi } from 'vitest';
import { localToday } from '../src/commands';
import type { Proceeding } from '../src/contract';
import { json, signedIn } from './support/api';
import { allByTestId, byTestId, go, root, showApp, signIn, tick, type, waitFor } from './support/screen';
import { answerSync } from './support/syncServer';

const today = localToday();
let position = 100;
let proceeding: Proceeding = {
  proceeding_id: 'p1', version: 2, person_id: 'm1', form: 'care_services', case_reference: 'ZTPS1.8210.7.2026',
  applicant: 'person', opened_on: '2026-01-05', status: 'filed', decision_id: null, outcome: null,
  issued_on: null, delivered_on: null, final_on: null,
};
/** Issued last week on another tablet: delivered, appealed, and upheld by the SKO. */
let upheld: Proceeding = {
  proceeding_id: 'p2', version: 6, person_id: 'm2', form: 'periodic_allowance', case_reference: 'ZTPS2.8210.31.2026',
  applicant: 'person', opened_on: '2026-10-01', status: 'delivered', decision_id: 'd2', outcome: 'grant',
  issued_on: '2026-10-20', delivered_on: '2026-10-22', final_on: null, reasons: ['1', '5'], amendments: 1,
  appeal_filed_on: '2026-10-30', revoked_on: null,
};
/** Issued elsewhere too, now with the SKO; never opened on this tablet. */
let appealed: Proceeding = {
  proceeding_id: 'p3', version: 5, person_id: 'm3', form: 'meal', case_reference: 'ZTPS3.8210.12.2026',
  applicant: 'person', opened_on: '2026-09-01', status: 'appealed', decision_id: 'd3', outcome: 'refuse',
  issued_on: '2026-09-15', delivered_on: '2026-09-17', final_on: null, reasons: [], amendments: 0,
  appeal_filed_on: '2026-09-25', revoked_on: null,
};
const commands: { action: string; id: string; body: Record<string, any> }[] = [];
let offline = false;
const decidedReads: string[] = [];
const providerReads: string[] = [];

const notFound = () => json(404, { error: { code: 'proceeding.not_found', message: { pl: 'Nie znaleziono postępowania.', en: 'Not found.' }, details: {} } });

/** What each command does to the proceeding on the server. */
const APPLY: Record<string, (b: Record<string, any>) => Partial<Proceeding>> = {
  decision: (b) => ({ status: 'decided', decision_id: b.decision_id, outcome: b.outcome, issued_on: b.issued_on }),
  delivery: (b) => ({ status: 'delivered', delivered_on: b.on }),
  amendment: () => ({}),
  appeal: (b) => ({ status: 'appealed', appeal_filed_on: b.on }),
  'appeal-resolution': (b) => ({ status: b.decision_upheld ? 'delivered' : 'filed' }),
  finality: (b) => ({ status: 'final', final_on: b.on }),
  revocation: (b) => ({ status: 'revoked', revoked_on: b.revoked_on }),
};

const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
  const url = String(input);
  const method = init?.method ?? 'GET';
  if (url === '/api/auth/login') {
    return signedIn({ id: 'd1', username: 'jan.decyzja', display_name: 'Jan Decyzja', role: 'decision_maker', unit: 'MOPS' },
      { expires_in: 900, refresh_token: 'r', refresh_expires_in: 9000 });
  }
  if (offline) throw new TypeError('Failed to fetch');
  if (url === '/api/sync') return answerSync(init, (path, one) => fetchMock(path, one));
  const all = () => [proceeding, upheld, appealed];
  const isOpen = (p: Proceeding) => ['filed', 'decided', 'delivered', 'appealed'].includes(p.status);
  if (url.startsWith('/api/providers?')) {
    // The directory's active providers offering the form (the server filters; this fake
    // answers for care services only).
    providerReads.push(url);
    return json(200, [
      { provider_id: 'DDP-2', version: 1, name: 'Dzienny Dom Pomocy nr 2', address: 'ul. Stawowa 10', services: ['care_services'], capacity: 40, active: true },
      { provider_id: 'MCUS', version: 1, name: 'Miejskie Centrum Usług Socjalnych', address: 'ul. Sempołowskiej 52', services: ['care_services'], capacity: null, active: true },
    ]);
  }
  if (url.startsWith('/api/proceedings/pending')) return json(200, all().filter((p) => p.status === 'filed'));
  if (url.startsWith('/api/proceedings/decided')) {
    decidedReads.push(url);
    const decided = all().filter((p) => ['decided', 'delivered', 'appealed'].includes(p.status));
    return json(200, decided.sort((a, b) => (b.issued_on ?? '').localeCompare(a.issued_on ?? '')));
  }
  const command = /^\/api\/proceedings\/(p[123])\/([a-z-]+)$/.exec(url);
  if (command && method === 'POST') {
    const [, id, action] = command;
    const body = JSON.parse(String(init?.body));
    commands.push({ action: action!, id: id!, body });
    const before = all().find((p) => p.proceeding_id === id)!;
    const after = { ...before, ...APPLY[action!]!(body), version: before.version + 1 };
    if (id === 'p1') proceeding = after;
    else if (id === 'p2') upheld = after;
    else appealed = after;
    return json(201, { command_id: body.command_id, folder_id: null, aggregate_id: id, version: after.version, position: ++position, duplicate: false });
  }
  const read = /^\/api\/proceedings\/(p[123])(\?|$)/.exec(url);
  if (read && method === 'GET') {
    const p = all().find((x) => x.proceeding_id === read[1])!;
    return isOpen(p) ? json(200, p) : notFound();
  }
  return notFound();
});

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
const decidedRow = (id: string) =>
  root().querySelector<HTMLElement>(`[data-testid="decided-list"] [data-testid="proceeding-row"][data-proceeding-id="${id}"]`);

showApp(fetchMock);

describe('a decision maker on the tablet', () => {
  it('issues a care decision from the pending list', async () => {
    signIn('jan.decyzja');
    const row = await waitFor(() => byTestId('proceedings-list')?.querySelector('[data-testid="proceeding-row"]'), 'pending proceeding');
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
    type('decision-legal-basis', 'art. 50 ust. 1 i 2 ustawy o pomocy społecznej');
    // leaving the form ("← Wróć") and coming back: everything typed is still there (a draft)
    const form = location.hash;
    go('#/');
    await waitFor(() => !byTestId('decision-form'), 'left the form');
    go(form);
    await waitFor(() => (byTestId('decision-legal-basis') as HTMLInputElement | null)?.value === 'art. 50 ust. 1 i 2 ustawy o pomocy społecznej', 'the draft restored');
    expect(byTestId('draft-note')!.dataset.restored).toBe('true');
    expect((byTestId('care-hours-week') as HTMLInputElement).value).toBe('10');
    // "Realizator" is a choice from the directory, not a typed code.
    const provider = byTestId('care-provider') as HTMLSelectElement;
    expect(provider.tagName).toBe('SELECT');
    await waitFor(() => provider.querySelector('option[value="DDP-2"]'), 'the directory\'s providers');
    expect(providerReads.at(-1)).toBe('/api/providers?active=true&form=care_services');
    expect([...provider.options].map((o) => o.value)).toEqual(['DDP-2', 'MCUS']);
    provider.value = 'DDP-2';
    provider.dispatchEvent(new Event('change', { bubbles: true }));
    byTestId('decision-submit')!.click();

    await waitFor(() => commands.length === 1, 'decision sent');
    expect(commands[0]!.body.legal_basis).toBe('art. 50 ust. 1 i 2 ustawy o pomocy społecznej');
    expect(commands[0]).toMatchObject({ action: 'decision', body: { outcome: 'grant', expected_version: 2, care: { hours_per_day: '2.00', provider_id: 'DDP-2' } } });
  });

  it('finds the decided proceeding on the home screen and records its delivery', async () => {
    const row = await waitFor(() => decidedRow('p1'), 'decided list');
    expect(row.getAttribute('data-status')).toBe('decided');
    // newest first, as the server lists them, with the decisions issued elsewhere
    expect([...byTestId('decided-list')!.querySelectorAll<HTMLElement>('[data-testid="proceeding-row"]')].map((r) => r.dataset.proceedingId))
      .toEqual(['p1', 'p2', 'p3']);
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
    // the final one is no longer listed once the server's list is read again
    await waitFor(() => decidedRow('p2') && !decidedRow('p1'), 'the decided list without the final one');
  });

  it('finds a decision issued last week on another tablet; after the SKO upheld it, no second appeal', async () => {
    (byTestId('decided-filter') as HTMLInputElement).value = 'ztps2.8210';
    byTestId('decided-filter')!.dispatchEvent(new Event('input', { bubbles: true }));
    await waitFor(() => !decidedRow('p3'), 'filtered by case reference');
    const row = decidedRow('p2')!;
    expect(row.textContent).toContain('odwołanie: 30 października 2026');
    go(row.getAttribute('href')!);
    await waitFor(() => byTestId('proceeding-view')?.dataset.status === 'delivered' && byTestId('decision-actions'), 'p2');
    expect(byTestId('proceeding-appeal')!.textContent).toBe('30 października 2026');
    expect(byTestId('proceeding-reasons')!.textContent).toBe('ubóstwo, niepełnosprawność');
    expect(byTestId('proceeding-amendments')!.textContent).toBe('1');
    expect(byTestId('action-appeal')).toBeNull();
    expect(byTestId('appeal-done')).not.toBeNull();
    expect(allByTestId('decision-actions')[0]!.querySelectorAll('button').length).toBe(3); // finality, amendment, revocation
  });

  it('revokes it, and then offers nothing more', async () => {
    const sent = await step('revocation', () => type('action-reason', 'Zmiana sytuacji dochodowej.'));
    expect(sent).toMatchObject({ id: 'p2', body: { revoked_on: today, reason: 'Zmiana sytuacji dochodowej.', expected_version: 6 } });
    await waitFor(() => byTestId('proceeding-closed'), 'no longer readable');
    go('#/');
    await waitFor(() => byTestId('decided-section') && !decidedRow('p2') && decidedRow('p3'), 'the list without the revoked one');
  });

  it('without signal, opens a decision from the kept list and queues the SKO’s ruling for later', async () => {
    offline = true;
    window.dispatchEvent(new Event('offline'));
    go('#/proceeding/p3');
    // never opened on this tablet: its row of the kept list stands in
    await waitFor(() => byTestId('proceeding-from-list'), 'the proceeding from the kept list');
    expect(status()).toBe('odwołanie do SKO');
    expect(byTestId('action-appeal-resolution')).not.toBeNull();
    expect(byTestId('action-delivery')).toBeNull();
    const before = commands.length;
    byTestId('action-appeal-resolution')!.click();
    await waitFor(() => byTestId('action-form'), 'the ruling form');
    type('action-on', '2026-09-20'); // before the appeal was filed
    tick('action-upheld-no', 'no');
    byTestId('action-submit')!.click();
    await waitFor(() => byTestId('action-missing'), 'the date refused');
    expect(root().textContent).toContain('Data nie może być wcześniejsza niż wniesienie odwołania.');
    type('action-on', today);
    byTestId('action-submit')!.click();
    await waitFor(() => byTestId('pending-badge'), 'queued on the tablet');
    expect(commands).toHaveLength(before);

    offline = false;
    window.dispatchEvent(new Event('online'));
    await waitFor(() => commands.length === before + 1, 'sent when the signal is back');
    expect(commands.at(-1)).toMatchObject({ id: 'p3', action: 'appeal-resolution', body: { decision_upheld: false, on: today, expected_version: 5 } });
  });
});
