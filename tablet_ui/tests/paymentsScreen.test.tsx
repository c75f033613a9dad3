// @vitest-environment happy-dom
// The manager's "Listy wypłat" screen (#/payments) against a stand-in for the API that keeps
// one list like the server: what is due (one line dropped: its decision revoked), the list
// built, approved (paid once: a second approval would pay nothing) and its bank file
// downloaded with the bearer token.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { PaymentLine } from '../src/payments';
import { totalOf } from '../src/payments';
import { setLang } from '../src/i18n';
import { json, refusal, signedIn } from './support/api';
import { byTestId, allByTestId, root, showApp, signIn, type, waitFor } from './support/screen';

const DATE = '2026-11-10';
const LIST = `/api/payments/lists/${DATE}`;
const line = (n: number, status: PaymentLine['status'], amount: string): PaymentLine => ({
  instalment_id: `i${n}`, decision_id: `d${n}`, folder_id: `f${n}`, person_id: `p${n}`,
  case_reference: `ZTPS1.8210.${n}.2026`, due_on: '2026-11-01', period_from: '2026-11-01',
  period_to: '2026-11-30', amount, status, method: null, reason: status === 'dropped' ? 'revoked' : null,
});

const server = {
  built: false,
  approved: false,
  version: 1,
  position: 50,
  commands: [] as { path: string; body: Record<string, any> }[],
  downloads: [] as { url: string; auth: string | null }[],
};

function listView() {
  const lines = [line(1, server.approved ? 'paid' : 'listed', '719.00'), line(2, server.approved ? 'paid' : 'listed', '350.50')]
    .map((l) => (server.approved ? { ...l, method: l.instalment_id === 'i1' ? 'transfer' as const : 'cash' as const } : l));
  return { list_id: 'l1', payment_date: DATE, version: server.version, status: server.approved ? 'approved' : 'built',
    approved_on: server.approved ? DATE : null, count: lines.length, total_paid: server.approved ? '1069.50' : '0.00', lines };
}

const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
  const url = String(input);
  const method = init?.method ?? 'GET';
  if (url === '/api/auth/login') {
    return signedIn({ id: 'm1', username: 'kierownik', display_name: 'Maria Wiśniewska', role: 'manager', unit: 'ZTPS-1' },
      { refresh_token: 'ref' });
  }
  if (/^\/api\/teams\/[^/]+\/(new-arrivals|workers)/.test(url)) return json(200, []);
  // The team's workload (issue #21): no weeks, no folders here.
  if (/^\/api\/teams\/[^/]+\/workload/.test(url)) {
    return json(200, { team_id: 'ZTPS-1', since: '2026-10-12', until: '2026-12-07', weeks: [], caseload: [],
      unassigned: 0, families_norm: 50, families_norm_source: 'art. 110 ust. 11' });
  }
  if (/^\/api\/teams\/[^/]+\/deadlines/.test(url)) {
    return json(200, { proceedings: [], interviews: [], observations: [], observation_answer_days: 3 });
  }
  if (url.startsWith('/api/teams/')) return json(200, { team_id: 'ZTPS-1', since: DATE, until: DATE, workers: [] });
  if (url.startsWith('/api/audit/access')) return json(200, []);
  if (url.startsWith('/api/payments/due?')) {
    return json(200, { payment_date: DATE, count: 2, total: '1069.50',
      lines: [line(1, 'due', '719.00'), line(2, 'due', '350.50')], dropped: [line(3, 'dropped', '500.00')] });
  }
  if (url === '/api/payments/lists' && method === 'POST') {
    server.commands.push({ path: url, body: JSON.parse(String(init!.body)) });
    server.built = true;
    server.position += 1;
    return json(201, { command_id: 'c', aggregate_id: 'l1', version: 1, position: server.position, duplicate: false });
  }
  if (url === `${LIST}/approval` && method === 'POST') {
    const body = JSON.parse(String(init!.body));
    server.commands.push({ path: url, body });
    if (body.expected_version !== server.version) return refusal(409, 'version.stale', { current_version: server.version });
    server.approved = true;
    server.version += 3; // approved + two BenefitPaid
    server.position += 3;
    return json(201, { command_id: body.command_id, aggregate_id: 'l1', version: server.version, position: server.position, duplicate: false });
  }
  if (url.startsWith(`${LIST}/file.`)) {
    server.downloads.push({ url, auth: new Headers(init?.headers).get('Authorization') });
    return new Response('<?xml version="1.0"?><Document/>', { status: 200, headers: {
      'Content-Type': 'application/xml', 'Content-Disposition': `attachment; filename="wyplaty-${DATE}.xml"` } });
  }
  if (url.startsWith(LIST) && method === 'GET') {
    return server.built ? json(200, listView()) : refusal(404, 'payment.list_not_found');
  }
  return refusal(404, 'not_found');
});

const saved: { name: string; href: string }[] = [];

beforeAll(() => {
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    saved.push({ name: this.download, href: this.href });
  });
});

afterAll(() => {
  vi.restoreAllMocks();
  setLang('pl');
});

showApp(fetchMock, { hash: '#/payments' });

describe('a manager’s payment lists on the tablet', () => {
  it('sums amounts in grosze, not in floating point', () => {
    expect(totalOf([line(1, 'paid', '0.10'), line(2, 'paid', '0.20'), line(3, 'listed', '5.00')], 'paid')).toBe('0.30');
  });

  it('shows what falls due by the date, and what dropped out, in Polish', async () => {
    signIn('kierownik');
    await waitFor(() => byTestId('payment-date'), 'the payments screen');
    expect(byTestId('nav-payments')!.getAttribute('aria-current')).toBe('page');
    type('payment-date', DATE);
    byTestId('payments-show')!.click();
    await waitFor(() => byTestId('payments-due'), 'what is due');
    expect(byTestId('payments-due-summary')!.textContent).toBe('Rat do wypłaty: 2, razem 1069.50 zł.');
    const dropped = byTestId('payments-dropped-lines')!;
    expect(dropped.textContent).toContain('ZTPS1.8210.3.2026');
    expect(dropped.textContent).toContain('wypadła');
  });

  it('builds the list, then approves it: paid by transfer or in cash', async () => {
    byTestId('payments-build')!.click();
    await waitFor(() => byTestId('payments-list'), 'the list');
    expect(server.commands[0]!.body.payment_date).toBe(DATE);
    expect(byTestId('payments-list-status')!.textContent).toContain('czeka na zatwierdzenie');
    expect(byTestId('payments-download-xml')).toBeNull(); // no file before approval

    byTestId('payments-approve')!.click();
    await waitFor(() => byTestId('payments-download-xml'), 'the approved list');
    expect(server.commands[1]!.body.expected_version).toBe(1);
    expect(byTestId('payments-list-status')!.textContent).toBe('zatwierdzona — pozycji: 2, wypłacono 1069.50 zł');
    const statuses = allByTestId('payment-line').map((row) => row.textContent);
    expect(statuses.some((t) => t?.includes('wypłacono (przelew)'))).toBe(true);
    expect(statuses.some((t) => t?.includes('wypłacono (gotówka)'))).toBe(true);
    expect(byTestId('payments-approve')).toBeNull(); // nothing to approve twice
  });

  it('downloads the bank file with the bearer token', async () => {
    byTestId('payments-download-xml')!.click();
    await waitFor(() => saved.length === 1, 'the file handed to the browser');
    expect(server.downloads).toEqual([{ url: `${LIST}/file.xml`, auth: 'Bearer tok' }]);
    expect(saved[0]!.name).toBe(`wyplaty-${DATE}.xml`);
    expect(root().textContent).toContain(`Pobrano wyplaty-${DATE}.xml.`);
  });
});
