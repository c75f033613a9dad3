// The returns screen's rules without a screen: the period, the form's rows, the charts' points,
// the two commands as the outbox takes them, when "Złóż" is offered, and the downloads.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { withAfter } from '../src/api';
import type { OutboxEntry } from '../src/db';
import { setLang } from '../src/i18n';
import {
  asUtc,
  benefitRows,
  byForm,
  compileCommand,
  defaultPeriod,
  asOfError,
  comparisonErrors,
  differenceLabel,
  differencePath,
  exportFilename,
  exportPath,
  formatLabel,
  inFormOrder,
  isoToLocalInput,
  localInputToIso,
  returnAsOfKey,
  returnAsOfPath,
  familiesByReason,
  familyTypeLabel,
  familyTypeRows,
  fetchExport,
  inOrder,
  parseManagerRoute,
  staffRequestsHref,
  periodEnded,
  reasonRows,
  submitBlock,
  checkFoldersPath,
  rowLabel,
  submitCommand,
  submitProblem,
  toGrosze,
} from '../src/returns';
import { chartData } from '../src/roles/manager/BarChart';
import { ApiError } from '../src/api';
import { emptyView, h1Figures, HASH_A, HASH_B, out } from './support/returnsFixtures';

const entry = (over: Partial<OutboxEntry>): OutboxEntry => ({
  command_id: 'c1', user: 'm', folder_id: 'return:2026:H1', method: 'POST', path: '/x',
  body: { command_id: 'c1' }, created_at: '', seq: 1, attempts: 1, next_attempt_at: 0,
  status: 'pending', last_error: null, kind: 'return_submitted', ...over,
});

const compiled = () => ({ ...emptyView(), return_id: 'r1', version: 2, draft: out(h1Figures(), HASH_A, 40) });

describe('the period of a return', () => {
  it('can be submitted only once its last day has passed', () => {
    expect(periodEnded(2026, 'H1', '2026-06-30')).toBe(false);
    expect(periodEnded(2026, 'H1', '2026-07-01')).toBe(true);
    expect(periodEnded(2026, 'Y', '2026-12-31')).toBe(false);
    expect(periodEnded(2026, 'Y', '2027-01-01')).toBe(true);
  });

  it('opens on the latest period that has ended', () => {
    expect(defaultPeriod('2026-11-25')).toEqual({ year: 2026, part: 'H1' });
    expect(defaultPeriod('2026-03-01')).toEqual({ year: 2025, part: 'Y' });
  });

  it('is read from the address, and a bad one falls back to the latest ended period', () => {
    expect(parseManagerRoute('#/returns/2025/Y', '2026-11-25')).toEqual({ name: 'returns', year: 2025, part: 'Y' });
    expect(parseManagerRoute('#/returns/2025/Q3', '2026-11-25')).toEqual({ name: 'returns', year: 2026, part: 'H1' });
    expect(parseManagerRoute('#/returns', '2026-11-25')).toEqual({ name: 'returns', year: 2026, part: 'H1' });
    expect(parseManagerRoute('#/', '2026-11-25')).toEqual({ name: 'team' });
  });

  it('knows the accounts waiting for the manager’s confirmation', () => {
    expect(parseManagerRoute('#/staff-requests', '2026-11-25')).toEqual({ name: 'requests' });
    expect(parseManagerRoute(staffRequestsHref, '2026-11-25')).toEqual({ name: 'requests' });
  });
});

describe('the form’s sections', () => {
  afterEach(() => setLang('pl'));

  it('lists every form in both tasks in the server’s order, and every reason code with 10 as a zero row', () => {
    const rows = benefitRows(h1Figures());
    expect(rows).toHaveLength(22);
    expect(rows.slice(2, 4).map((r) => [r.form, r.task])).toEqual([['periodic_allowance', 'commissioned'], ['periodic_allowance', 'own']]);
    expect(rows[3]!.cell).toEqual({ persons: 1, benefits: 3, amount: '1500.00', families: 1, family_persons: 3 });
    expect(rows.some((r) => r.form === 'total')).toBe(false);
    const reasons = reasonRows(h1Figures());
    expect(reasons.map((r) => r.code)).toContain('10');
    expect(reasons.find((r) => r.code === '10')!.block.families).toBe(0);
  });

  it('puts the rows in the form’s order whatever order the JSON keys came in', () => {
    const figures = h1Figures();
    // as PostgreSQL's jsonb gives them back: shorter keys first
    const reordered = (o: Record<string, unknown>) =>
      Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.length - b.length || (a < b ? -1 : 1)));
    const shuffled = { ...figures, benefits: reordered(figures.benefits), reasons: reordered(figures.reasons) } as typeof figures;
    expect(Object.keys(shuffled.reasons).at(-1)).toBe('7a');
    expect(reasonRows(shuffled).map((r) => r.code)).toEqual(['1', '2', '3', '4', '5', '6', '7', '7a', '8', '9', '10', '11', '12', '13', '14', '15']);
    expect([...new Set(benefitRows(shuffled).map((r) => r.form))].slice(0, 3)).toEqual(['permanent_allowance', 'periodic_allowance', 'purpose_allowance']);
    expect(inOrder(['x', '2', '1'], ['1', '2'])).toEqual(['1', '2', 'x']);
  });

  it('charts persons and amounts by form and families by reason, leaving out what is zero', () => {
    const figures = h1Figures();
    figures.benefits.care_services!.commissioned = { persons: 2, benefits: 1, amount: '0.10', families: 1, family_persons: 1 };
    expect(byForm(figures, 'persons')).toEqual([
      { key: 'permanent_allowance', value: 1 }, { key: 'periodic_allowance', value: 1 },
      { key: 'purpose_allowance', value: 1 }, { key: 'care_services', value: 3 },
    ]);
    // summed in grosze: 540.00 + 0.10 is 540.1 exactly
    expect(byForm(figures, 'amount').find((p) => p.key === 'care_services')!.value).toBe(540.1);
    expect(familiesByReason(figures)).toEqual([
      { key: '1', value: 1 }, { key: '4', value: 1 }, { key: '5', value: 1 }, { key: '6', value: 1 },
    ]);
  });

  it('reads a time without an offset (the read model’s draft and submission) as UTC', () => {
    expect(asUtc('2026-11-25T12:47:00.123456')).toBe('2026-11-25T12:47:00.123456Z');
    expect(asUtc('2026-11-25T12:47:00+00:00')).toBe('2026-11-25T12:47:00+00:00');
    expect(asUtc('2026-11-25T12:47:00Z')).toBe('2026-11-25T12:47:00Z');
    expect(asUtc('2026-11-25T13:47:00+0100')).toBe('2026-11-25T13:47:00+0100');
  });

  it('reads money strings in grosze', () => {
    expect(toGrosze('1500.00')).toBe(150000);
    expect(toGrosze('0.1')).toBe(10);
    expect(toGrosze('-2.05')).toBe(-205);
    expect(toGrosze('abc')).toBe(0);
  });

  it('names a changed figure as a manager reads it, Polish first', () => {
    expect(differenceLabel('benefits.periodic_allowance.own.amount')).toBe(
      'Dział 1. Świadczenia przyznane decyzją › Zasiłek okresowy › zadania własne › Kwota świadczeń w zł');
    expect(differenceLabel('reasons.5.rural_families')).toBe(
      'Dział 2. Powody przyznania pomocy › 5. Niepełnosprawność › w tym na wsi: rodziny');
    expect(differenceLabel('social_contracts.contracts')).toBe('Dział 4. Kontrakty socjalne › Liczba kontraktów');
    setLang('en');
    expect(differenceLabel('benefits.total.persons')).toBe('Section 1. Benefits granted by decision › Total › Persons');
  });

  it('gives the chart library one series per kind in the legend\'s order, rows bottom-up', () => {
    const data = chartData(
      [{ label: 'Anna', values: { a: 3, b: 1 } }, { label: 'Ewa', values: { b: 2 } }],
      [{ key: 'a', label: 'A', color: '#000' }, { key: 'b', label: 'B', color: '#111' }],
    );
    // Chartist draws the first label at the bottom: Anna, listed first, is drawn on top.
    expect(data).toEqual({ labels: ['Ewa', 'Anna'], series: [[0, 3], [2, 1]] });
  });
});

describe('compile and submit as outbox commands', () => {
  it('compiles on the return’s own key, with no version to expect', () => {
    const c = compileCommand(2026, 'H1', new Date('2026-11-25T10:00:00Z'));
    expect(c).toMatchObject({
      folder_id: 'return:2026:H1', path: '/api/returns/2026/H1/compilation', kind: 'return_compiled',
      seen_version: null, body: { occurred_at: '2026-11-25T10:00:00.000Z' },
    });
    expect(c.command_id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('submits exactly the draft on screen: its hash and the version it was seen at', () => {
    const view = { ...compiled(), live: out(h1Figures(), HASH_B, 41) };
    const s = submitCommand(2026, 'H1', view);
    expect(s).toMatchObject({
      folder_id: 'return:2026:H1', path: '/api/returns/2026/H1/submission', kind: 'return_submitted',
      seen_version: 2, body: { content_hash: HASH_A },
    });
    expect(() => submitCommand(2026, 'H1', emptyView())).toThrow();
  });

  it('offers "Złóż" only for a compiled draft not yet submitted, after the period, with nothing queued', () => {
    const today = '2026-11-25';
    expect(submitBlock(emptyView(), 2026, 'H1', today, [])).toBe('no_draft');
    expect(submitBlock(compiled(), 2026, 'H1', today, [])).toBeNull();
    expect(submitBlock(compiled(), 2026, 'H1', '2026-06-30', [])).toBe('period_open');
    expect(submitBlock(compiled(), 2026, 'H1', today, [entry({ status: 'pending' })])).toBe('queued');
    expect(submitBlock(compiled(), 2026, 'H1', today, [entry({ status: 'failed' })])).toBeNull();
    const submitted = { ...compiled(), submitted: out(h1Figures(), HASH_A, 40), submitted_revision: 1 };
    expect(submitBlock(submitted, 2026, 'H1', today, [])).toBe('already_submitted');
    // a corrected draft (another hash) can be submitted again
    expect(submitBlock({ ...submitted, draft: out(h1Figures(), HASH_B, 50), version: 4 }, 2026, 'H1', today, [])).toBeNull();
  });

  it('keeps "Złóż" disabled while the draft breaks a rule of the form', () => {
    const failing = { rule: 'family_persons_at_least_persons' as const, row: 'benefits.total',
      figures: { persons: 2, family_persons: 1 }, has_folders: true };
    const view = compiled();
    const broken = { ...view, draft: { ...view.draft, checks: [failing] } };
    expect(submitBlock(broken, 2026, 'H1', '2026-11-25', [])).toBe('checks_failed');
    expect(submitBlock({ ...view, draft: { ...view.draft, checks: [] } }, 2026, 'H1', '2026-11-25', [])).toBeNull();
    expect(rowLabel('benefits.periodic_allowance.own')).toBe('Zasiłek okresowy · zadania własne');
    expect(rowLabel('benefits.total')).toBe('Dział 1. Świadczenia przyznane decyzją · Ogółem');
    expect(rowLabel('social_work')).toBe('Dział 3. Praca socjalna');
    expect(checkFoldersPath(2026, 'H1', failing.rule, failing.row, '2026-07-10T10:00:00+00:00'))
      .toBe('/api/returns/2026/H1/checks/folders?rule=family_persons_at_least_persons&row=benefits.total&as_of=2026-07-10T10%3A00%3A00%2B00%3A00');
  });

  it('tells a recompiled draft (409 reviewed figures changed) from a stale version and other refusals', () => {
    const info = (code: string) => ({ code, message: { pl: 'x', en: 'x' }, details: {} });
    expect(submitProblem([entry({ status: 'pending' })])).toBeNull();
    expect(submitProblem([entry({ kind: 'return_compiled', status: 'failed', last_error: info('x') })])).toBeNull();
    expect(submitProblem([entry({ status: 'failed', last_error: info('return.reviewed_figures_changed') })])!.kind).toBe('figures_changed');
    expect(submitProblem([entry({ status: 'conflict', last_error: info('version.stale') })])!.kind).toBe('stale');
    expect(submitProblem([entry({ status: 'failed', last_error: info('return.period_not_ended') })])!.kind).toBe('other');
  });
});

describe('downloads', () => {
  it('sends the bearer token and names the file as the server does', async () => {
    const fetchFn = vi.fn(async () => new Response('a;b\n', {
      status: 200, headers: { 'Content-Type': 'text/csv', 'Content-Disposition': 'attachment; filename="MRPiPS-03_2026_H1_live.csv"' },
    }));
    const file = await fetchExport(fetchFn, 'tok', 2026, 'H1', 'csv', 'live');
    expect(fetchFn).toHaveBeenCalledWith('/api/returns/2026/H1/export.csv?source=live', expect.objectContaining({
      headers: expect.objectContaining({ Authorization: 'Bearer tok' }),
    }));
    expect(file.filename).toBe('MRPiPS-03_2026_H1_live.csv');
    expect(await file.blob.text()).toBe('a;b\n');
    expect(exportFilename(null, 2026, 'Y', 'xlsx', 'submitted')).toBe('MRPiPS-03_2026_Y_submitted.xlsx');
    expect(exportFilename(null, 2026, 'Y', 'gus.xml', 'live')).toBe('MRPiPS-03_2026_Y_live.gus.xml');
    expect(exportPath(2026, 'H1', 'gus.csv', 'submitted')).toBe('/api/returns/2026/H1/export.gus.csv?source=submitted');
    expect(formatLabel('gus.xml')).toBe('GUS XML');
  });

  it('turns a refusal into the server’s error', async () => {
    const fetchFn = vi.fn(async () => new Response(JSON.stringify({
      error: { code: 'return.not_submitted', message: { pl: 'Nie złożono', en: 'Not submitted' }, details: {} },
    }), { status: 409, headers: { 'Content-Type': 'application/json' } }));
    const refused = await fetchExport(fetchFn, 'tok', 2026, 'H1', 'xlsx', 'submitted').catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ApiError);
    expect((refused as ApiError).info.code).toBe('return.not_submitted');
  });
});

describe('as of a recorded time, and the comparison of two', () => {
  const now = new Date('2026-11-25T13:00:00Z');

  it('sends the tablet’s wall-clock time in UTC (the API reads a time without a zone as UTC)', () => {
    const iso = localInputToIso('2026-07-20T14:30')!;
    expect(iso).toBe(new Date(2026, 6, 20, 14, 30).toISOString());
    expect(iso.endsWith('Z')).toBe(true);
    expect(isoToLocalInput(iso)).toBe('2026-07-20T14:30');
    // the draft's and submission's times come without a zone: they are UTC
    expect(isoToLocalInput('2026-07-20T12:30:00')).toBe(isoToLocalInput('2026-07-20T12:30:00Z'));
    expect(localInputToIso('')).toBeNull();
    expect(localInputToIso('2026-13-45T99:99')).toBeNull();
  });

  it('refuses an empty time, one still to come, and a comparison the wrong way round', () => {
    expect(asOfError('', now)).toBe('ret.err.time');
    expect(asOfError('2027-01-01T00:00', now)).toBe('ret.err.future');
    expect(asOfError('2026-07-20T14:30', now)).toBeNull();
    expect(comparisonErrors('2026-07-20T14:30', '2026-11-25T11:00', now)).toEqual({});
    expect(comparisonErrors('2026-11-25T11:00', '2026-11-25T11:00', now)).toEqual({ to: 'ret.err.order' });
    expect(comparisonErrors('', '2027-01-01T00:00', now)).toEqual({ from: 'ret.err.time', to: 'ret.err.future' });
  });

  it('lists changed figures in the form’s order, not the server’s alphabetical one', () => {
    const paths = [
      'benefits.care_services.own.amount', 'benefits.periodic_allowance.own.amount', 'benefits.periodic_allowance.own.benefits',
      'benefits.total.persons', 'reasons.10.families', 'reasons.5.families', 'reasons.7a.families', 'social_contracts.contracts',
      'social_contracts.persons', 'social_work.families', 'social_work.rural_families',
    ];
    const rows = paths.map((path) => ({ path, before: 0, after: 1 }));
    expect(inFormOrder(rows).map((r) => r.path)).toEqual([
      'benefits.periodic_allowance.own.benefits', 'benefits.periodic_allowance.own.amount', 'benefits.care_services.own.amount',
      'benefits.total.persons', 'reasons.5.families', 'reasons.7a.families', 'reasons.10.families', 'social_work.families',
      'social_work.rural_families', 'social_contracts.contracts', 'social_contracts.persons',
    ]);
  });

  it('reads each time from its own path and keeps it under its own key', () => {
    const t1 = '2026-07-20T12:30:00.000Z';
    expect(returnAsOfPath(2026, 'H1', null)).toBe('/api/returns/2026/H1');
    expect(returnAsOfPath(2026, 'H1', t1)).toBe('/api/returns/2026/H1?as_of=2026-07-20T12%3A30%3A00.000Z');
    expect(returnAsOfKey(2026, 'H1', null)).toBe('return:2026:H1');
    expect(returnAsOfKey(2026, 'H1', t1)).not.toBe('return:2026:H1');
    expect(differencePath(2026, 'Y', t1, '2026-11-25T11:00:00.000Z')).toBe(
      '/api/returns/2026/Y/difference?from=2026-07-20T12%3A30%3A00.000Z&to=2026-11-25T11%3A00%3A00.000Z');
    // read your own write on an as-of read: ?after= joins the query
    expect(withAfter(returnAsOfPath(2026, 'H1', t1), 41)).toBe('/api/returns/2026/H1?as_of=2026-07-20T12%3A30%3A00.000Z&after=41');
    expect(withAfter('/api/returns/2026/H1', 41)).toBe('/api/returns/2026/H1?after=41');
  });
});

describe('layout "2026" rows', () => {
  const cell = (persons: number, amount = '0.00') => ({ persons, benefits: persons, amount, families: persons, family_persons: persons });
  const pair = (own: number, amount = '0.00') => ({ commissioned: cell(0), own: cell(own, amount) });
  const figures = {
    ...h1Figures(),
  };
  figures.benefits = {
    ...figures.benefits,
    cash_total: pair(3, '3900.00'),
    permanent_allowance_in_family: pair(1, '2100.00'),
    periodic_allowance_unemployment: pair(1, '1500.00'),
  } as unknown as typeof figures.benefits;
  figures.reasons = { ...figures.reasons, '13_drugs': { families: 1, family_persons: 2, rural_families: 0, rural_family_persons: 0 } };
  figures.family_types = { children_1: { families: 1, family_persons: 3 }, all: { families: 2, family_persons: 5 } };

  it('puts each "of which" row after its row, the totals last, and charts only forms', () => {
    const forms = benefitRows(figures).map((r) => r.form).filter((f, i, all) => all.indexOf(f) === i);
    expect(forms.indexOf('permanent_allowance_in_family')).toBe(forms.indexOf('permanent_allowance') + 1);
    expect(forms.indexOf('periodic_allowance_unemployment')).toBe(forms.indexOf('periodic_allowance') + 1);
    expect(forms.at(-1)).toBe('cash_total');
    expect(byForm(figures, 'amount').map((p) => p.key)).not.toContain('cash_total');
    expect(byForm(figures, 'amount').map((p) => p.key)).not.toContain('permanent_allowance_in_family');
  });

  it('labels refined reasons and family types in Polish, in the form order', () => {
    setLang('pl');
    expect(reasonRows(figures).map((r) => r.code).indexOf('13_drugs')).toBe(reasonRows(figures).map((r) => r.code).indexOf('13') + 1);
    expect(rowLabel('reasons.13_drugs')).toContain('w tym: narkomania');
    expect(familiesByReason(figures).map((p) => p.key)).not.toContain('13_drugs');
    expect(familyTypeRows(figures).map((r) => r.name)).toEqual(['all', 'children_1']);
    expect(familyTypeLabel('children_1')).toBe('o liczbie dzieci: 1');
    expect(rowLabel('family_types.with_children')).toBe('Dział 5. Typy rodzin objętych pomocą · Rodziny z dziećmi ogółem');
    expect(rowLabel('benefits.cash_total.own')).toBe('Świadczenia pieniężne ogółem · zadania własne');
    expect(familyTypeRows(h1Figures())).toEqual([]);
  });
});
