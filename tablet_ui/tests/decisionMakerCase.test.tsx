// @vitest-environment happy-dom
// What the decision maker reads to decide (issue #18 item 7) and the KPA steps on the screen
// (item 5), against a stand-in for the API: the pending list names the party with the term's
// badge, nearest first as the server sorts it; the proceeding shows its term, the household
// (relation, age), the household's income per person against the criterion, the interview's
// conclusions and plan, earlier decisions, the proceeding's documents with "Pobierz PDF" and a
// marked place for payments; a delay notice goes through the outbox and the days left change;
// a decision the server refuses (422 provider.inactive) shows its reason, on the list and in
// a banner leading to the proceeding; an amendment of a cash decision carries the calculator.
import { describe, expect, it, vi } from 'vitest';
import { localToday } from '../src/commands';
import type { ClientView, Proceeding } from '../src/contract';
import { json } from './support/api';
import { signedIn } from './support/api';
import { allByTestId, byTestId, go, showApp, signIn, tick, type, waitFor } from './support/screen';
import { answerSync } from './support/syncServer';

const today = localToday();
let position = 10;
let near: Proceeding = {
  proceeding_id: 'p1', version: 2, person_id: 'm1', form: 'periodic_allowance', case_reference: 'ZTPS1.8210.7.2026',
  applicant: 'person', opened_on: '2026-01-05', status: 'filed', decision_id: null, outcome: null,
  issued_on: null, delivered_on: null, final_on: null, folder_id: 'f1', client_name: 'Halina Kowalczyk',
  decision_due_on: '2026-02-05', days_left: 3, overdue: false, complicated: false, delayed_to: null, suspended_on: null,
};
const late: Proceeding = {
  ...near, proceeding_id: 'p2', person_id: 'm9', folder_id: 'f9', case_reference: 'ZTPS1.8210.9.2026',
  client_name: 'Jan Nowak', days_left: -4, overdue: true, form: 'care_services',
};
const decided: Proceeding = {
  ...near, proceeding_id: 'p3', version: 5, case_reference: 'ZTPS1.8210.3.2026', status: 'decided', decision_id: 'd3',
  outcome: 'grant', issued_on: '2026-01-20', decision_due_on: null, days_left: null,
};
// a family of two with 646 zł: 323 zł per person within 823 zł; 500 .. 1,000 zł
const calculation = {
  proceeding_id: 'p1', person_id: 'm1', form: 'periodic_allowance', applies: true, problem: null, missing_members: [],
  month: '2025-12-01', members: 2, single: false, total_income: '646.00', income_per_person: '323.00',
  income_criterion: '823.00', within_criterion: true, criterion: '1646.00', compared_income: '646.00',
  minimum: '500.00', maximum: '1000.00', computed: null, suggested: '1000.00',
  working: [{ key: 'family_criterion', expression: '823.00 × 2 = 1646.00' }, { key: 'gap', expression: '1646.00 − 646.00 = 1000.00' }],
};
const folder = {
  folder_id: 'f1', version: 9, team_id: 'ZTPS-1', worker_id: null, status: 'open',
  address: { street: 'Stawowa', building: '1', postal_code: '50-001', city: 'Wrocław', teryt: '0264011' },
  members: [
    { member_id: 'm1', first_name: 'Halina', last_name: 'Kowalczyk', birth_date: '1950-03-01', relation: 'head' },
    { member_id: 'm2', first_name: 'Ewa', last_name: 'Kowalczyk', birth_date: '2010-06-15', relation: 'grandchild' },
  ],
  timeline: [
    { kind: 'document_issued', on_date: '2026-01-10', details: { kind: 'delay_notice', document_id: 'doc1', proceeding_id: 'p1', sha256: 'ab' } },
    { kind: 'document_issued', on_date: '2025-03-20', details: { kind: 'decision_grant', document_id: 'doc0', proceeding_id: 'p0', sha256: 'cd' } },
  ],
  interview: null,
  interviews: [
    { interview_id: 'i0', due_on: null, conducted_on: '2025-03-01', sections: { I: 'Stare wnioski.', J: 'Stary plan.' } },
    { interview_id: 'i1', due_on: null, conducted_on: '2026-01-03', sections: { I: 'Samotna, niesamodzielna.', J: 'Zasiłek okresowy, praca socjalna.' } },
  ],
  proceedings: [
    { ...near, folder_id: undefined, client_name: undefined },
    { proceeding_id: 'p0', version: 7, person_id: 'm1', form: 'meal', case_reference: 'ZTPS1.8210.2.2025', applicant: 'person',
      opened_on: '2025-03-01', status: 'final', decision_id: 'd0', outcome: 'grant', issued_on: '2025-03-20',
      delivered_on: '2025-03-22', final_on: '2025-04-06' },
  ],
} as unknown as ClientView;
const commands: { action: string; body: Record<string, any> }[] = [];

// A reclaim of 300 zł (art. 98), 100 zł repaid: 200 zł still owed.
const owed = {
  reclaim_id: 'r1', proceeding_id: 'p9', proceeding_version: 7, folder_id: 'f1', person_id: 'm1',
  name: 'Anna Nowak', form: 'periodic_allowance', case_reference: 'ZTPS1.5111.9.2026',
  issued_on: '2026-03-10', basis: 'change_not_reported', period_from: '2026-02-01',
  period_to: '2026-02-28', amount: '300.00', repaid: '100.00', written_off: '0.00',
  outstanding: '200.00', instalments: [{ due_on: '2026-04-10', amount: '300.00' }],
  entries: [{ on_date: '2026-03-20', kind: 'repayment', amount: '100.00', method: 'cash', reason: null }],
};

const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
  const url = String(input);
  const method = init?.method ?? 'GET';
  if (url === '/api/auth/login') {
    return signedIn({ id: 'd1', username: 'jan.decyzja', display_name: 'Jan Decyzja', role: 'decision_maker', unit: 'MOPS' },
      { expires_in: 900, refresh_token: 'r', refresh_expires_in: 9000 });
  }
  if (url === '/api/sync') return answerSync(init, (path, one) => fetchMock(path, one));
  if (url.startsWith('/api/proceedings/pending')) return json(200, [late, near]);
  if (url.startsWith('/api/proceedings/decided')) return json(200, []);
  if (/^\/api\/proceedings\/p[13]\/benefit-calculation/.test(url)) return json(200, calculation);
  if (url.startsWith('/api/proceedings/p2/benefit-calculation')) {
    return json(200, { ...calculation, proceeding_id: 'p2', form: 'care_services', applies: false, missing_members: ['m9'], income_per_person: null });
  }
  if (url.startsWith('/api/proceedings/p3')) return json(200, decided);
  if (url.startsWith('/api/providers?')) {
    return json(200, [{ provider_id: 'MCUS', version: 1, name: 'MCUS', address: 'x', services: ['care_services'], capacity: null, active: true }]);
  }
  if (url.startsWith('/api/folders/f1/receivables')) return json(200, [owed]);
  if (url.startsWith('/api/folders/f1')) return json(200, folder);
  const command = /^\/api\/proceedings\/(p[12])\/([a-z-]+)$/.exec(url);
  if (command && method === 'POST') {
    const body = JSON.parse(String(init?.body));
    commands.push({ action: command[2]!, body });
    if (command[2] === 'decision') {
      return json(422, { error: { code: 'provider.inactive', message: { pl: 'Realizator MCUS jest nieaktywny.', en: 'Provider MCUS is inactive.' }, details: { provider_id: 'MCUS' } } });
    }
    near = { ...near, version: near.version + 1, delayed_to: body.new_date, days_left: 30 };
    return json(201, { command_id: body.command_id, folder_id: null, aggregate_id: 'p1', version: near.version, position: ++position, duplicate: false });
  }
  if (url.startsWith('/api/proceedings/p1')) return json(200, near);
  if (url.startsWith('/api/proceedings/p2')) return json(200, late);
  return json(404, { error: { code: 'not_found', message: { pl: 'Nie ma.', en: 'Not found.' }, details: {} } });
});

showApp(fetchMock);

const row = (id: string) => byTestId('proceedings-list')?.querySelector<HTMLElement>(`[data-proceeding-id="${id}"]`);

describe('the decision maker’s case on the tablet', () => {
  it('lists pending proceedings by the party’s name with the term, as the server sorts them', async () => {
    signIn('jan.decyzja');
    await waitFor(() => row('p1'), 'pending list');
    expect(allByTestId('row-party').map((e) => e.textContent)).toEqual(['Jan Nowak', 'Halina Kowalczyk']);
    const badges = allByTestId('term-badge');
    expect(badges.map((b) => b.dataset.term)).toEqual(['overdue', 'near']);
    expect(badges[0]!.textContent).toBe('po terminie o 4 dni');
    expect(badges[1]!.textContent).toBe('zostało dni: 3');
  });

  it('shows the term, household, income, interview, earlier decisions, documents and what is owed', async () => {
    go(row('p1')!.getAttribute('href')!);
    await waitFor(() => byTestId('case-household'), 'household');
    expect(byTestId('proceeding-party')!.textContent).toBe('Halina Kowalczyk');
    expect(byTestId('term-due')!.textContent).toContain('zostało dni: 3');
    const members = allByTestId('case-member').map((m) => m.textContent);
    expect(members[0]).toMatch(/Halina Kowalczyk \(głowa gospodarstwa, \d+ l\.\)/);
    expect(members[1]).toContain('Ewa Kowalczyk');
    // the latest interview, not the older one
    expect(byTestId('case-conclusions')!.textContent).toBe('Samotna, niesamodzielna.');
    expect(byTestId('case-plan')!.textContent).toBe('Zasiłek okresowy, praca socjalna.');
    // earlier decisions: the folder's other decided proceeding, not this one
    expect(allByTestId('case-earlier-row').map((r) => r.textContent)).toEqual([expect.stringContaining('posiłek')]);
    // the household's income per person against the per-person criterion (art. 8)
    const perPerson = await waitFor(() => byTestId('case-income-per-person'), 'income');
    expect(perPerson.textContent).toBe('323,00 zł wobec kryterium 823,00 zł — w kryterium');
    expect(perPerson.dataset.within).toBe('true');
    expect(byTestId('case-income-total')!.textContent).toBe('646,00 zł');
    expect(byTestId('case-income-month')!.textContent).toBe('2025-12');
    // this proceeding's documents only, each to download
    const documents = allByTestId('case-document');
    expect(documents.map((d) => d.dataset.kind)).toEqual(['delay_notice']);
    expect(documents[0]!.querySelector('[data-testid="document-download"]')!.textContent).toBe('Pobierz PDF');
    // what the household owes for undue benefits (art. 98): the receivables panel
    await vi.waitFor(() => expect(byTestId('receivable-outstanding')?.textContent).toContain('200.00 zł'));
    expect(byTestId('receivables-panel')!.textContent).toContain('Należności');
    expect(byTestId('receivable-entry')!.textContent).toContain('wpłata');
  });

  it('queues a delay notice with its reason and new date; the days left change', async () => {
    byTestId('procedure-delay-notice')!.click();
    await waitFor(() => byTestId('procedure-form'), 'delay notice form');
    byTestId('procedure-submit')!.click();
    await waitFor(() => byTestId('procedure-form')!.querySelectorAll('.field-error').length === 2, 'checks');
    expect(commands).toHaveLength(0);
    type('procedure-reason', 'Czekamy na zaświadczenie z ZUS.');
    type('procedure-new-date', '2026-12-31', 'input');
    byTestId('procedure-submit')!.click();
    await waitFor(() => commands.length === 1, 'delay notice sent');
    expect(commands[0]).toMatchObject({ action: 'delay-notice', body: { on: today, reason: 'Czekamy na zaświadczenie z ZUS.', new_date: '2026-12-31', expected_version: 2 } });
    await waitFor(() => byTestId('term-due')?.textContent?.includes('zostało dni: 30'), 'days left changed');
    expect(byTestId('term-delayed-to')).not.toBeNull();
  });

  it('shows a decision the server refused with its reason, on the list and in a banner', async () => {
    go('#/');
    go((await waitFor(() => row('p2'), 'the list again')).getAttribute('href')!);
    await waitFor(() => byTestId('proceeding-view')?.dataset.proceedingId === 'p2' && byTestId('decision-form'), 'decision form');
    tick('decision-outcome-refuse', 'refuse');
    tick('decision-reason', '5');
    type('decision-legal-basis', 'art. 50 ust. 1');
    byTestId('decision-submit')!.click();
    await waitFor(() => commands.some((c) => c.action === 'decision'), 'decision sent');
    const banner = await waitFor(() => byTestId('refusal-reason'), 'refusal banner');
    expect(banner.textContent).toBe('Serwer nie przyjął: wydanie decyzji: Realizator MCUS jest nieaktywny.');
    const reason = await waitFor(() => byTestId('row-refused-reason'), 'the row says why');
    expect(reason.textContent).toBe('Realizator MCUS jest nieaktywny.');
    expect(row('p2')!.querySelector('[data-testid="row-refused"]')).not.toBeNull();
    expect(byTestId('refusal-open')!.getAttribute('href')).toContain('p2');
  });

  it('carries the calculator on the amendment of a cash decision, filling the amount', async () => {
    // a decided periodic allowance, opened by its address
    go(row('p1')!.getAttribute('href')!.replace('p1', 'p3'));
    await waitFor(() => byTestId('proceeding-view')?.dataset.proceedingId === 'p3' && byTestId('action-amendment'), 'actions');
    byTestId('action-amendment')!.click();
    const calculator = await waitFor(() => byTestId('action-form')?.querySelector<HTMLElement>('[data-testid="benefit-calculator"]'), 'calculator');
    expect(calculator.querySelector('[data-testid="calc-working"]')!.textContent).toContain('1646,00 − 646,00 = 1000,00 zł');
    expect(calculator.querySelector('[data-testid="calc-bounds"]')!.textContent).toContain('500,00 zł');
    calculator.querySelector<HTMLButtonElement>('[data-testid="calc-fill"]')!.click();
    await waitFor(() => (byTestId('cash-amount') as HTMLInputElement | null)?.value === '1000,00', 'amount filled');
    expect(byTestId('action-cash-note')!.textContent).toContain('przyczyna zmiany jest jej uzasadnieniem');
  });
});
