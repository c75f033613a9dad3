// @vitest-environment happy-dom
// The manager's returns screen (in the lazily loaded manager chunk) against a stand-in for the
// API that keeps the return's version, draft and submission like the server: the figures laid
// out like the form, compile and submit through the outbox (POST /api/sync), a submission
// refused because the draft was compiled again after the review, verify, and a download.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ReturnFigures, ReturnFiguresOut } from '../src/contract';
import { setLang } from '../src/i18n';
import { isoToLocalInput } from '../src/returns';
import { json, refusal, signedIn } from './support/api';
import { h1Figures, HASH_A, HASH_B, out } from './support/returnsFixtures';
import { byTestId, root, showApp, signIn, type, waitFor } from './support/screen';
import { answerSync } from './support/syncServer';

const BASE = '/api/returns/2026/H1';
const server = {
  version: null as number | null,
  position: 40,
  live: h1Figures(),
  liveHash: HASH_A,
  draft: null as ReturnFiguresOut | null,
  submitted: null as ReturnFiguresOut | null,
  revision: 0,
  commands: [] as { path: string; body: Record<string, any> }[],
  reads: [] as string[],
  /** Figures as they stood before a late correction (what ?as_of= answers for an earlier time). */
  earlier: null as ReturnFigures | null,
  differences: [] as string[],
  downloads: [] as { url: string; auth: string | null }[],
};

/** Another manager's tablet compiles after the figures changed (a late decision). */
function compiledElsewhere(figures: ReturnFigures, hash: string) {
  server.live = figures;
  server.liveHash = hash;
  server.position += 1;
  server.version = (server.version ?? 1) + 1;
  server.draft = out(figures, hash, server.position);
}

function returnView() {
  return {
    return_id: server.version === null ? null : 'r-2026-h1', version: server.version,
    live: out(server.live, server.liveHash, server.position), draft: server.draft, submitted: server.submitted,
    submitted_revision: server.submitted ? server.revision : null,
    submitted_on: server.submitted ? '2026-11-25' : null,
    differences_since_submission: [],
  };
}

const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
  const url = String(input);
  const headers = new Headers(init?.headers);
  if (url === '/api/auth/login') {
    return signedIn({ id: 'm1', username: 'kierownik', display_name: 'Maria Wiśniewska', role: 'manager', unit: 'ZTPS-1' },
      { refresh_token: 'ref' });
  }
  if (url === '/api/sync') return answerSync(init, (path, inner): Promise<Response> => fetchMock(path, inner));
  // The team screen's new arrivals and the team's workers (issue #17): none here.
  if (/^\/api\/teams\/[^/]+\/(new-arrivals|workers)/.test(url)) return json(200, []);
  // The team's workload (issue #21): no weeks, no folders here.
  if (/^\/api\/teams\/[^/]+\/workload/.test(url)) {
    return json(200, { team_id: 'ZTPS-1', since: '2026-10-12', until: '2026-12-07', weeks: [], caseload: [],
      unassigned: 0, families_norm: 50, families_norm_source: 'art. 110 ust. 11' });
  }
  // The team's deadlines and follow-ups (issue #21): nothing due here.
  if (/^\/api\/teams\/[^/]+\/deadlines/.test(url)) {
    return json(200, { proceedings: [], interviews: [], observations: [], observation_answer_days: 3 });
  }
  if (url.startsWith('/api/teams/')) {
    return json(200, { team_id: 'ZTPS-1', since: '2026-11-01', until: '2026-11-25', workers: [
      { worker_id: 'w1', display_name: 'Anna Kowalska', minutes: 150, visits: 3, interviews_conducted: 1,
        interviews_overdue: 0, caseload: 40, minutes_by_activity: { home_visit: 120, phone_call: 30 } },
      { worker_id: 'w2', display_name: 'Tomasz Zieliński', minutes: 60, visits: 1, interviews_conducted: 0,
        interviews_overdue: 2, caseload: 38, minutes_by_activity: { home_visit: 60 } },
    ] });
  }
  if (url.startsWith('/api/audit/access')) return json(200, []);
  if (url.startsWith(`${BASE}/export.`)) {
    server.downloads.push({ url, auth: headers.get('Authorization') });
    return new Response('\ufeffSprawozdanie MRPiPS-03;…\n', { status: 200, headers: {
      'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': 'attachment; filename="MRPiPS-03_2026_H1_submitted.csv"' } });
  }
  if (url === `${BASE}/verification`) {
    return json(200, { equal: true, submitted_hash: server.submitted!.content_hash, recounted_hash: server.submitted!.content_hash,
      position: server.submitted!.position, as_of: server.submitted!.as_of, events_read: 57, seconds: 0.01, differences: [] });
  }
  if (url.startsWith(`${BASE}/difference?`)) {
    server.differences.push(url);
    const q = new URL(url, 'http://tablet').searchParams;
    return json(200, { before: q.get('from'), after: q.get('to'), differences: [
      { path: 'benefits.periodic_allowance.own.amount', before: '1500.00', after: '1000.00' },
      { path: 'social_contracts.contracts', before: 0, after: 1 },
    ] });
  }
  if (url.startsWith(BASE) && (init?.method ?? 'GET') === 'GET') {
    server.reads.push(url);
    const asOf = new URL(url, 'http://tablet').searchParams.get('as_of');
    if (asOf && server.earlier) {
      const view = returnView();
      return json(200, { ...view, live: { ...out(server.earlier, HASH_A, 39), as_of: asOf } });
    }
    return json(200, returnView());
  }
  if (url === `${BASE}/compilation` && init?.method === 'POST') {
    const body = JSON.parse(String(init.body));
    server.commands.push({ path: url, body });
    compiledElsewhere(server.live, server.liveHash);
    return json(201, { command_id: body.command_id, folder_id: null, aggregate_id: 'r-2026-h1', version: server.version,
      position: server.position, duplicate: false, compiled: server.draft });
  }
  if (url === `${BASE}/submission` && init?.method === 'POST') {
    const body = JSON.parse(String(init.body));
    server.commands.push({ path: url, body });
    // as the server does: the version first, then the reviewed hash against the draft
    if (body.expected_version !== server.version) return refusal(409, 'version.stale', { current_version: server.version });
    if (body.content_hash !== server.draft!.content_hash) return refusal(409, 'return.reviewed_figures_changed');
    server.version! += 1;
    server.position += 1;
    server.revision += 1;
    server.submitted = server.draft;
    return json(201, { command_id: body.command_id, folder_id: null, aggregate_id: 'r-2026-h1', version: server.version,
      position: server.position, duplicate: false });
  }
  return refusal(404, 'not_found');
});

const cells = (row: Element | null) => [...(row?.querySelectorAll('td') ?? [])].map((c) => c.textContent);

const saved: { name: string; href: string }[] = [];
let anchorClick: { mockRestore(): void } | null = null;

beforeAll(() => {
  // the file handed to the browser's download (a link with `download` clicked in code)
  anchorClick = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    saved.push({ name: this.download, href: this.href });
  });
});

afterAll(() => {
  vi.restoreAllMocks();
  setLang('pl');
});

showApp(fetchMock, { hash: '#/returns/2026/H1' });

const periodicOwn = () => root().querySelector('[data-testid="benefit-row"][data-form="periodic_allowance"][data-task="own"]');

describe('a manager’s statistical return on the tablet', () => {
  it('shows the figures now laid out like the form, Polish first, with charts', async () => {
    signIn('kierownik');
    const row = await waitFor(periodicOwn, 'the periodic allowance row');
    expect(row!.querySelector('th')!.textContent).toBe('Zasiłek okresowy');
    expect(cells(row)).toEqual(['zadania własne', '1', '3', '1500.00', '1', '3']);
    expect(cells(byTestId('benefit-total'))).toEqual(['4', '—', '—', '2', '5']);
    const reason5 = root().querySelector('[data-testid="reason-row"][data-reason="5"]');
    expect(reason5!.querySelector('th')!.textContent).toBe('5. Niepełnosprawność');
    expect(cells(reason5)).toEqual(['1', '2', '1', '2']);
    expect(cells(byTestId('return-social-work'))).toEqual(['2', '4', '0', '0']);
    expect(cells(byTestId('return-social-contracts'))).toEqual(['1', '1', '1']);
    expect(byTestId('return-section-1')!.querySelector('h2')!.textContent).toBe('Dział 1. Świadczenia przyznane decyzją');
    // drawn by the chart library (one bar per non-zero form or reason), hidden from screen
    // readers: the tables hold the same numbers
    const bars = (chart: string) => byTestId(chart)!.querySelectorAll('[aria-hidden="true"] svg [data-testid="chart-bar"]').length;
    await waitFor(() => bars('chart-persons') === 4, 'the persons chart');
    expect(bars('chart-amount')).toBe(4);
    expect(bars('chart-reasons')).toBe(4);
    expect(byTestId('return-draft')!.dataset.state).toBe('none');
    expect((byTestId('return-submit') as HTMLButtonElement).disabled).toBe(true);
    expect((byTestId('return-verify') as HTMLButtonElement).disabled).toBe(true);
  });

  it('switches to English like the rest of the app', async () => {
    byTestId('lang-switch')!.click();
    await waitFor(() => byTestId('return-section-1')!.querySelector('h2')!.textContent === 'Section 1. Benefits granted by decision', 'English');
    expect(periodicOwn()!.querySelector('th')!.textContent).toBe('Periodic allowance');
    byTestId('lang-switch')!.click();
    await waitFor(() => periodicOwn()!.querySelector('th')!.textContent === 'Zasiłek okresowy', 'Polish again');
  });

  it('compiles through the outbox and shows the draft with its short hash and log position', async () => {
    byTestId('return-compile')!.click();
    await waitFor(() => byTestId('return-draft')?.dataset.state === 'compiled', 'the draft');
    const [compile] = server.commands;
    expect(compile!.path).toBe(`${BASE}/compilation`);
    expect(compile!.body.expected_version).toBeUndefined();
    expect(byTestId('draft-hash')!.textContent).toBe(HASH_A.slice(0, 12));
    expect(byTestId('draft-position')!.textContent).toBe('41');
    // read your own write: the view was read again with ?after= the command's position
    expect(server.reads).toContain(`${BASE}?after=41`);
    expect((byTestId('return-submit') as HTMLButtonElement).disabled).toBe(false);
  });

  it('refuses, and says so plainly, a submission whose draft was compiled again after the review', async () => {
    const changed = h1Figures();
    changed.benefits.periodic_allowance!.own.amount = '1000.00';
    compiledElsewhere(changed, HASH_B); // the screen still shows draft A at version 2
    byTestId('return-submit')!.click();
    // version 2 is stale: the outbox holds it as a conflict
    await waitFor(() => byTestId('submit-problem')?.dataset.kind === 'stale', 'the stale submission');
    // "retry on the server's version" sends the same reviewed hash: the server refuses it
    byTestId('conflict-apply')!.click();
    const note = await waitFor(() => byTestId('submit-problem')?.dataset.kind === 'figures_changed' && byTestId('submit-problem'), 'the refusal');
    expect(note.textContent).toContain('po Twoim przeglądzie wersja robocza została sporządzona ponownie');
    const last = server.commands.at(-1)!;
    expect(last.body).toMatchObject({ expected_version: 3, content_hash: HASH_A });
    expect(server.submitted).toBeNull();

    byTestId('submit-problem-review')!.click();
    await waitFor(() => !byTestId('submit-problem') && byTestId('draft-hash')?.textContent === HASH_B.slice(0, 12), 'the new draft');
    expect(cells(periodicOwn())[3]).toBe('1000.00');
  });

  it('submits the reviewed draft, then verifies it', async () => {
    byTestId('return-submit')!.click();
    await waitFor(() => byTestId('return-submitted')?.dataset.state === 'submitted', 'the submission');
    expect(server.commands.at(-1)!.body).toMatchObject({ expected_version: 3, content_hash: HASH_B });
    expect(server.submitted!.content_hash).toBe(HASH_B);
    expect(byTestId('submitted-revision')!.textContent).toBe('1');
    expect(byTestId('submitted-hash')!.textContent).toBe(HASH_B.slice(0, 12));
    expect((byTestId('return-submit') as HTMLButtonElement).disabled).toBe(true);
    expect(byTestId('submit-help')!.textContent).toBe('Ta wersja robocza jest już złożona.');

    byTestId('return-verify')!.click();
    const result = await waitFor(() => byTestId('verify-result'), 'the verification');
    expect(result.dataset.equal).toBe('true');
    expect(result.textContent).toContain('Zgodne');
  });

  it('downloads the submitted CSV with the bearer token', async () => {
    byTestId('download-csv')!.click();
    await waitFor(() => saved.length === 1, 'the file handed to the browser');
    expect(server.downloads).toEqual([{ url: `${BASE}/export.csv?source=submitted`, auth: 'Bearer tok' }]);
    expect(saved[0]!.name).toBe('MRPiPS-03_2026_H1_submitted.csv');
    expect(saved[0]!.href).toMatch(/^blob:/);
    anchorClick!.mockRestore();
  });

  it('shows the figures as of a recorded time, refusing a time still to come', async () => {
    server.earlier = h1Figures(); // before the late correction: 1500.00
    type('return-as-of', '2099-01-01T10:00');
    byTestId('return-as-of-show')!.click();
    await waitFor(() => root().textContent?.includes('Ta chwila jest jeszcze przed nami.'), 'the future refused');
    expect(byTestId('return-as-of')!.getAttribute('aria-invalid')).toBe('true');
    expect(server.reads.some((u) => u.includes('as_of='))).toBe(false);

    type('return-as-of', '2026-07-20T14:30');
    byTestId('return-as-of-show')!.click();
    const asOf = new Date('2026-07-20T14:30').toISOString(); // the tablet's wall clock, sent in UTC
    await waitFor(() => byTestId('as-of-note') && cells(periodicOwn())[3] === '1500.00', 'the earlier figures');
    expect(server.reads).toContain(`${BASE}?as_of=${encodeURIComponent(asOf)}`);
    expect(byTestId('returns-screen')!.dataset.asOf).toBe(asOf);
    expect((byTestId('return-source') as HTMLSelectElement).options[0]!.textContent).toMatch(/^Liczby na /);

    byTestId('return-as-of-now')!.click();
    await waitFor(() => !byTestId('as-of-note') && cells(periodicOwn())[3] === '1000.00', 'the figures now again');
  });

  it('lists what changed between two recorded times with the form’s labels', async () => {
    // from the submission's time to now, by default; the order of the two is checked first
    expect((byTestId('compare-from') as HTMLInputElement).value).toBe(isoToLocalInput(server.submitted!.as_of));
    // "to" left as it is: the moment of asking, to the second (the field shows whole minutes)
    type('compare-from', '2026-07-20T14:30');
    const asked = Date.now();
    byTestId('compare-run')!.click();
    await waitFor(() => server.differences.length === 1 && byTestId('compare-differences'), 'the differences to now');
    const to0 = Date.parse(new URL(server.differences[0]!, 'http://tablet').searchParams.get('to')!);
    expect(to0).toBeGreaterThanOrEqual(asked);
    expect(to0).toBeLessThanOrEqual(Date.now());

    type('compare-from', '2026-11-25T12:00');
    type('compare-to', '2026-11-25T11:00');
    byTestId('compare-run')!.click();
    await waitFor(() => root().textContent?.includes('Późniejsza chwila musi być po wcześniejszej.'), 'the order refused');
    expect(server.differences).toHaveLength(1);

    type('compare-from', '2026-07-20T14:30');
    byTestId('compare-run')!.click();
    await waitFor(() => server.differences.length === 2, 'the second comparison');
    const table = await waitFor(() => byTestId('compare-differences'), 'the differences');
    const from = new Date('2026-07-20T14:30').toISOString();
    const to = new Date('2026-11-25T11:00').toISOString();
    expect(server.differences[1]).toBe(`${BASE}/difference?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`);
    const rows = [...table.querySelectorAll<HTMLElement>('[data-testid="difference-row"]')];
    expect(rows.map((r) => r.dataset.path)).toEqual(['benefits.periodic_allowance.own.amount', 'social_contracts.contracts']);
    expect(rows[0]!.querySelector('th')!.textContent).toBe(
      'Dział 1. Świadczenia przyznane decyzją › Zasiłek okresowy › zadania własne › Kwota świadczeń w zł');
    expect(cells(rows[0]!)).toEqual(['1500.00', '1000.00']);
    expect(rows[1]!.querySelector('th')!.textContent).toBe('Dział 4. Kontrakty socjalne › Liczba kontraktów');
    expect(byTestId('compare-count')!.textContent).toMatch(/: 2$/);
    expect([...table.querySelectorAll('thead th')].map((th) => th.textContent)).toEqual(['Pozycja sprawozdania', 'Wcześniej', 'Później']);
  });

  it('keeps a comparison’s times typed but not yet asked for, across leaving the screen and coming back', async () => {
    type('compare-from', '2026-03-03T09:15');
    byTestId('nav-team')!.click();
    await waitFor(() => !byTestId('compare-from'), 'left the returns');
    byTestId('nav-returns')!.click();
    await waitFor(() => (byTestId('compare-from') as HTMLInputElement | null)?.value === '2026-03-03T09:15', 'the draft restored');
    expect(byTestId('return-compare')!.querySelector('[data-testid="draft-note"]')).not.toBeNull();
    byTestId('draft-discard')!.click();
    await waitFor(() => (byTestId('compare-from') as HTMLInputElement).value === isoToLocalInput(server.submitted!.as_of), 'discarded');
  });

  it('shows a return submitted in the old layout with its own rows and a note', async () => {
    server.submitted = { ...server.submitted!, layout: '2025' };
    byTestId('nav-team')!.click();
    await waitFor(() => !byTestId('return-status'), 'left the returns');
    byTestId('nav-returns')!.click();
    const note = await waitFor(() => byTestId('submitted-old-layout'), 'the old layout noted');
    expect(note!.textContent).toBe('Sprawozdanie złożone w poprzednim układzie formularza (2025): pokazane są jego wiersze.');
    expect(byTestId('draft-old-layout')).toBeNull();
  });

  it('goes back to the team, whose activity chart is drawn by the same chart library', async () => {
    byTestId('nav-team')!.click();
    const chart = await waitFor(() => byTestId('activity-chart'), 'the activity chart');
    // two workers × the two activity kinds anyone used, stacked; the legend names the kinds
    await waitFor(() => chart.querySelectorAll('svg [data-testid="chart-bar"]').length === 4, 'the stacked bars');
    expect([...chart.querySelectorAll('.legend li')].map((li) => li.textContent)).toEqual(['wizyta w miejscu zamieszkania', 'rozmowa telefoniczna']);
    expect(byTestId('nav-team')!.getAttribute('aria-current')).toBe('page');
    expect(root().querySelectorAll('[data-testid="activity-row"]')).toHaveLength(2);
  });
});
