// The manager's statistical return (MRPiPS-03, docs/returns.md): which period, the form's
// sections as rows, what the charts show, the two commands (compile, submit) as the outbox takes
// them, and the authorised downloads. The screen is roles/manager/ReturnsScreen.tsx.
import { ApiError, NetworkError, readError, type FetchFn } from './api';
import type {
  BenefitCell,
  FamiliesBlock,
  FigureDifference,
  ReturnFigures,
  ReturnFiguresOut,
  ReturnPart,
  ReturnView,
} from './contract';
import type { OutboxEntry } from './db';
import { hasMessage, t } from './i18n';
import type { NewCommand } from './outbox';

export const PARTS: readonly ReturnPart[] = ['H1', 'Y'];
export const TASKS = ['commissioned', 'own'] as const;
export type Task = (typeof TASKS)[number];
export const FAMILY_COLUMNS = ['families', 'family_persons', 'rural_families', 'rural_family_persons'] as const;
export const BENEFIT_COLUMNS = ['persons', 'benefits', 'amount', 'families', 'family_persons'] as const;

export const returnPath = (year: number, part: ReturnPart): string => `/api/returns/${year}/${part}`;
/** The key of the kept read and of the return's commands in the outbox (its own version). */
export const returnKey = (year: number, part: ReturnPart): string => `return:${year}:${part}`;

// --- as of a recorded time, and what changed between two --------------------------------------

/** The return's figures as the data stood at a recorded time (`as_of`, an ISO time with zone). */
export function returnAsOfPath(year: number, part: ReturnPart, asOf: string | null): string {
  return asOf ? `${returnPath(year, part)}?as_of=${encodeURIComponent(asOf)}` : returnPath(year, part);
}

/** Each as-of read is kept on the tablet under its own key, beside the one of "now". */
export const returnAsOfKey = (year: number, part: ReturnPart, asOf: string | null): string =>
  asOf ? `${returnKey(year, part)}@${asOf}` : returnKey(year, part);

export function differencePath(year: number, part: ReturnPart, from: string, to: string): string {
  return `${returnPath(year, part)}/difference?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;
}

export const differenceKey = (year: number, part: ReturnPart, from: string, to: string): string =>
  `return-difference:${year}:${part}:${from}:${to}`;

/**
 * A `datetime-local` field's value (the tablet's wall clock, "2026-07-20T14:30") as the UTC time
 * the API takes; null if it is not a time. The API reads a time without a zone as UTC, so the
 * zone must be sent.
 */
export function localInputToIso(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(value)) return null;
  const moment = new Date(value); // no zone: the tablet's local time
  return Number.isNaN(moment.getTime()) ? null : moment.toISOString();
}

/** An ISO time (any zone; none means UTC, as the server stores it) as a `datetime-local` value. */
export function isoToLocalInput(iso: string): string {
  const moment = new Date(asUtc(iso));
  if (Number.isNaN(moment.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${moment.getFullYear()}-${pad(moment.getMonth() + 1)}-${pad(moment.getDate())}T${pad(moment.getHours())}:${pad(moment.getMinutes())}`;
}

export type TimeError = 'ret.err.time' | 'ret.err.future' | 'ret.err.order';

/** An as-of time must be a time, and not later than now (the log has nothing recorded after). */
export function asOfError(value: string, now: Date = new Date()): TimeError | null {
  const iso = localInputToIso(value);
  if (!iso) return 'ret.err.time';
  return new Date(iso).getTime() > now.getTime() ? 'ret.err.future' : null;
}

/** The two times of a comparison: both times, the first before the second. */
export function comparisonErrors(from: string, to: string, now: Date = new Date()): { from?: TimeError; to?: TimeError } {
  const errors: { from?: TimeError; to?: TimeError } = {};
  const a = asOfError(from, now);
  const b = asOfError(to, now);
  if (a) errors.from = a;
  if (b) errors.to = b;
  if (!a && !b && new Date(localInputToIso(from)!).getTime() >= new Date(localInputToIso(to)!).getTime()) errors.to = 'ret.err.order';
  return errors;
}

// --- the period ------------------------------------------------------------------------------

/** The period's last day: 30 June for the half-year, 31 December for the year. */
export function periodLastDay(year: number, part: ReturnPart): string {
  return part === 'H1' ? `${year}-06-30` : `${year}-12-31`;
}

/** A return can be submitted only after its period has ended (`today` as YYYY-MM-DD). */
export function periodEnded(year: number, part: ReturnPart, today: string): boolean {
  return today > periodLastDay(year, part);
}

/** The latest period that has ended: this year's half-year from July, else last year. */
export function defaultPeriod(today: string): { year: number; part: ReturnPart } {
  const year = Number(today.slice(0, 4));
  return periodEnded(year, 'H1', today) ? { year, part: 'H1' } : { year: year - 1, part: 'Y' };
}

/** Years offered in the picker: this year and the five before it, newest first. */
export function yearChoices(today: string, count = 6): number[] {
  const year = Number(today.slice(0, 4));
  return Array.from({ length: count }, (_, i) => year - i);
}

export type ManagerRoute =
  | { name: 'team' }
  | { name: 'requests' }
  | { name: 'payments' }
  | { name: 'receivables' }
  | { name: 'contributions' }
  | { name: 'who-viewed' }
  | { name: 'returns'; year: number; part: ReturnPart };

/** `#/returns/2026/H1` (or `#/returns`, for the latest ended period); anything else is the team. */
export function parseManagerRoute(hash: string, today: string): ManagerRoute {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean);
  if (parts[0] === STAFF_REQUESTS) return { name: 'requests' };
  if (parts[0] === 'payments') return { name: 'payments' };
  if (parts[0] === 'receivables') return { name: 'receivables' };
  if (parts[0] === 'contributions') return { name: 'contributions' };
  if (parts[0] === 'who-viewed') return { name: 'who-viewed' };
  if (parts[0] !== 'returns') return { name: 'team' };
  const year = Number(parts[1]);
  const part = parts[2] as ReturnPart;
  if (Number.isInteger(year) && year >= 2000 && year <= 2100 && PARTS.includes(part)) {
    return { name: 'returns', year, part };
  }
  return { name: 'returns', ...defaultPeriod(today) };
}

/** The accounts and roles waiting for the manager's confirmation (StaffRequestsScreen.tsx). */
export const STAFF_REQUESTS = 'staff-requests';
export const staffRequestsHref = `#/${STAFF_REQUESTS}`;

export const returnsHref = (year?: number, part?: ReturnPart): string =>
  year === undefined || part === undefined ? '#/returns' : `#/returns/${year}/${part}`;

// --- the form's sections ---------------------------------------------------------------------

/** The form's row order (api/return_labels.py); the server's JSON may come in another order
 * (PostgreSQL's jsonb sorts keys by length), so the rows are put in this one. */
export const FORM_ORDER = [
  'permanent_allowance', 'periodic_allowance', 'purpose_allowance', 'special_purpose_allowance',
  'care_services', 'specialist_care_services', 'specialist_care_services_mental', 'day_care_home',
  'residential_care_home', 'meal', 'shelter', 'natural_disaster_allowance', 'funeral', 'clothing',
];
/** Layout "2026": each "of which" row follows the row it is part of; the totals close the section. */
export const SUBROW_AFTER: Record<string, string> = {
  permanent_allowance_single: 'permanent_allowance',
  permanent_allowance_in_family: 'permanent_allowance',
  health_contributions: 'permanent_allowance',
  periodic_allowance_unemployment: 'periodic_allowance',
  periodic_allowance_disability: 'periodic_allowance',
  periodic_allowance_illness: 'periodic_allowance',
  periodic_allowance_other: 'periodic_allowance',
  purpose_allowance_random_event: 'purpose_allowance',
  purpose_allowance_health_care: 'purpose_allowance',
};
export const ROW_ORDER = [
  ...FORM_ORDER.flatMap((form) => [form, ...Object.keys(SUBROW_AFTER).filter((row) => SUBROW_AFTER[row] === form)]),
  'cash_total', 'non_cash_total',
];
export const FAMILY_TYPE_ORDER = [
  'all', 'persons_1', 'persons_2', 'persons_3', 'persons_4', 'persons_5', 'persons_6_plus',
  'with_children', 'children_1', 'children_2', 'children_3', 'children_4_plus',
];
/** Art. 7 points as the form lists them: 7a after 7, the repealed 10 kept as a row. */
export const REASON_ORDER = ['1', '2', '3', '4', '5', '6', '7', '7a', '8', '9', '10', '11', '12', '13', '13_alcoholism', '13_drugs', '14', '14_random_event', '14_crisis', '15'];

/** Keys in the known order; any the app does not know yet follow, as the server sent them. */
export function inOrder(keys: string[], order: readonly string[]): string[] {
  const rank = (k: string) => (order.includes(k) ? order.indexOf(k) : order.length + keys.indexOf(k));
  return [...keys].sort((a, b) => rank(a) - rank(b));
}

export interface BenefitRow {
  form: string;
  task: Task;
  cell: BenefitCell;
}

/** Section 1: one row per form and task, in the form's order. */
export function benefitRows(figures: ReturnFigures): BenefitRow[] {
  const rows: BenefitRow[] = [];
  const forms = inOrder(Object.keys(figures.benefits).filter((k) => k !== 'total'), ROW_ORDER);
  for (const form of forms) {
    const cells = figures.benefits[form] as Record<Task, BenefitCell>;
    for (const task of TASKS) if (cells[task]) rows.push({ form, task, cell: cells[task] });
  }
  return rows;
}

/** Section 2: one row per reason code, in the form's order (10, repealed, stays a zero row). */
export function reasonRows(figures: ReturnFigures): { code: string; block: FamiliesBlock }[] {
  return inOrder(Object.keys(figures.reasons), REASON_ORDER).map((code) => ({ code, block: figures.reasons[code]! }));
}

/** "1500.00" → 150000: money is summed in grosze, so no float error creeps in. */
export function toGrosze(amount: string): number {
  const m = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(amount.trim());
  if (!m) return 0;
  const grosze = Number(m[2]) * 100 + Number((m[3] ?? '0').padEnd(2, '0'));
  return m[1] ? -grosze : grosze;
}

export interface ChartPoint {
  key: string;
  value: number;
}

/** Persons (or the amount in zł) by form of help, both tasks together; forms with none left out. */
export function byForm(figures: ReturnFigures, measure: 'persons' | 'amount'): ChartPoint[] {
  const sums = new Map<string, number>();
  for (const { form, cell } of benefitRows(figures)) {
    if (!FORM_ORDER.includes(form)) continue; // a sub-row or a total would count twice
    const value = measure === 'amount' ? toGrosze(cell.amount) : cell.persons;
    sums.set(form, (sums.get(form) ?? 0) + value);
  }
  return [...sums]
    .filter(([, v]) => v > 0)
    .map(([key, v]) => ({ key, value: measure === 'amount' ? v / 100 : v }));
}

/** Families by reason for help; reasons with none left out. */
export function familiesByReason(figures: ReturnFigures): ChartPoint[] {
  return reasonRows(figures)
    .filter(({ code, block }) => block.families > 0 && !code.includes('_')) // refinements are within their point
    .map(({ code, block }) => ({ key: code, value: block.families }));
}

export const formLabel = (form: string): string => labelOr(`ret.form.${form}`, form);
export const reasonLabel = (code: string): string =>
  code.includes('_') ? labelOr(`ret.reason.${code}`, code) : `${code}. ${labelOr(`ret.reason.${code}`, code)}`;
export const familyTypeLabel = (name: string): string => labelOr(`ret.type.${name}`, name);

/** Section 5 (layout "2026"): families by type, in the form's order; none for an older return. */
export function familyTypeRows(figures: ReturnFigures): { name: string; block: { families: number; family_persons: number } }[] {
  const types = figures.family_types ?? {};
  return inOrder(Object.keys(types), FAMILY_TYPE_ORDER).map((name) => ({ name, block: types[name]! }));
}

/** A row of the form named by its figures' path (a failing rule's `row`), in the form's words:
 * "Zasiłek okresowy · zadania własne", "Dział 1. … · Ogółem", "Dział 2. … · 1. Ubóstwo". */
export function rowLabel(path: string): string {
  const [section, key, task] = path.split('.');
  if (section === 'benefits' && key === 'total') return `${t('ret.section.benefits')} · ${t('ret.col.total')}`;
  if (section === 'benefits' && key) return `${formLabel(key)} · ${labelOr(`ret.task.${task}`, task ?? '')}`;
  if (section === 'reasons' && key) return `${t('ret.section.reasons')} · ${reasonLabel(key)}`;
  if (section === 'social_work') return t('ret.section.social_work');
  if (section === 'family_types' && key) return `${t('ret.section.family_types')} · ${familyTypeLabel(key)}`;
  return path;
}

function labelOr(key: string, fallback: string): string {
  return hasMessage(key) ? t(key) : fallback;
}

/** A figure's path (`benefits.periodic_allowance.own.amount`) as a manager reads it. */
export function differenceLabel(path: string): string {
  const [section, a, b, c] = path.split('.');
  const column = (name: string | undefined) => (name ? labelOr(`ret.col.${name}`, name) : '');
  const parts: string[] = [labelOr(`ret.section.${section}`, section ?? path)];
  if (section === 'benefits' && a === 'total') parts.push(t('ret.col.total'), column(b));
  else if (section === 'benefits') parts.push(formLabel(a ?? ''), labelOr(`ret.task.${b}`, b ?? ''), column(c));
  else if (section === 'reasons') parts.push(reasonLabel(a ?? ''), column(b));
  else parts.push(column(a));
  return parts.filter(Boolean).join(' › ');
}

const SECTION_ORDER = ['benefits', 'reasons', 'social_work', 'social_contracts'];
const COLUMN_ORDER: readonly string[] = [...BENEFIT_COLUMNS, ...FAMILY_COLUMNS.slice(2)];
const CONTRACT_COLUMNS = ['contracts', 'persons', 'families'];

/** Where a figure's path stands on the form: section, row (form or reason, total last), task, column. */
function formRank(path: string): number[] {
  const at = (list: readonly string[], key: string | undefined) => {
    const i = list.indexOf(key ?? '');
    return i < 0 ? list.length : i;
  };
  const [section, a, b, c] = path.split('.');
  const s = at(SECTION_ORDER, section);
  if (section === 'benefits' && a === 'total') return [s, FORM_ORDER.length + 1, 0, at(COLUMN_ORDER, b)];
  if (section === 'benefits') return [s, at(FORM_ORDER, a), at(TASKS, b), at(COLUMN_ORDER, c)];
  if (section === 'reasons') return [s, at(REASON_ORDER, a), 0, at(COLUMN_ORDER, b)];
  return [s, 0, 0, at(section === 'social_contracts' ? CONTRACT_COLUMNS : COLUMN_ORDER, a)];
}

/** Changed figures in the order a manager reads the form (the server sorts the paths by name). */
export function inFormOrder(rows: FigureDifference[]): FigureDifference[] {
  const compare = (x: number[], y: number[]) => x.reduce((d, v, i) => d || v - y[i]!, 0);
  return [...rows].sort((p, q) => compare(formRank(p.path), formRank(q.path)));
}

/** The draft's and the submission's `as_of` come from the read model without an offset (they
 * are UTC there; the live one has "+00:00"): read an offset-less time as UTC, not local time. */
export function asUtc(iso: string): string {
  return /(?:[zZ]|[+-]\d{2}:?\d{2})$/.test(iso) ? iso : `${iso}Z`;
}

export const shortHash = (hash: string | null | undefined): string => (hash ? hash.slice(0, 12) : '—');

export const showValue = (value: unknown): string => (value === null || value === undefined ? '—' : String(value));

export type Source = 'live' | 'draft' | 'submitted';

/** The figures the tables show: now, the draft being reviewed, or what was submitted. */
export function figuresOf(view: ReturnView, source: Source): ReturnFiguresOut | null {
  return source === 'live' ? view.live : view[source];
}

export function sameFigures(a: ReturnFiguresOut | null, b: ReturnFiguresOut | null): boolean {
  return !!a && !!b && a.content_hash === b.content_hash;
}

export type { FigureDifference };

// --- commands --------------------------------------------------------------------------------

/** Compute the figures now and record them as the draft to review. */
export function compileCommand(year: number, part: ReturnPart, now: Date = new Date()): NewCommand {
  return {
    command_id: crypto.randomUUID(),
    folder_id: returnKey(year, part),
    path: `${returnPath(year, part)}/compilation`,
    kind: 'return_compiled',
    seen_version: null,
    body: { occurred_at: now.toISOString() },
  };
}

/** Submit exactly the draft on screen: its content hash goes with it, so the server refuses
 * (409 return.reviewed_figures_changed) if the draft was compiled again after the review. */
export function submitCommand(year: number, part: ReturnPart, view: ReturnView, now: Date = new Date()): NewCommand {
  if (!view.draft || view.version === null) throw new Error('no draft to submit');
  return {
    command_id: crypto.randomUUID(),
    folder_id: returnKey(year, part),
    path: `${returnPath(year, part)}/submission`,
    kind: 'return_submitted',
    seen_version: view.version,
    body: { occurred_at: now.toISOString(), content_hash: view.draft.content_hash },
  };
}

export type SubmitBlock = 'no_draft' | 'already_submitted' | 'period_open' | 'checks_failed' | 'queued' | null;

/** Why "Złóż" is not offered now, or null when it is. */
export function submitBlock(view: ReturnView, year: number, part: ReturnPart, today: string, entries: OutboxEntry[]): SubmitBlock {
  if (entries.some((e) => e.status === 'pending' || e.status === 'sending')) return 'queued';
  if (!view.draft || view.version === null) return 'no_draft';
  if (view.submitted && view.submitted.content_hash === view.draft.content_hash) return 'already_submitted';
  if (!periodEnded(year, part, today)) return 'period_open';
  // The form's consistency rules must hold (the server refuses with 409 return.checks_failed).
  if ((view.draft.checks ?? []).length > 0) return 'checks_failed';
  return null;
}

/** Where the families behind a failing rule are asked for (the server logs that read). */
export const checkFoldersPath = (year: number, part: ReturnPart, rule: string, row: string, asOf: string | null): string =>
  `${returnPath(year, part)}/checks/folders?` +
  new URLSearchParams({ rule, row, ...(asOf ? { as_of: asOf } : {}) }).toString();

export type SubmitProblem = { entry: OutboxEntry; kind: 'figures_changed' | 'stale' | 'other' };

/** A submission the server did not take: the draft changed after the review (409
 * return.reviewed_figures_changed), or another compile moved the return on (version.stale). */
export function submitProblem(entries: OutboxEntry[]): SubmitProblem | null {
  const entry = entries.find((e) => e.kind === 'return_submitted' && (e.status === 'failed' || e.status === 'conflict'));
  if (!entry) return null;
  const code = entry.last_error?.code;
  if (code === 'return.reviewed_figures_changed') return { entry, kind: 'figures_changed' };
  if (entry.status === 'conflict' || code === 'version.stale') return { entry, kind: 'stale' };
  return { entry, kind: 'other' };
}

// --- downloads -------------------------------------------------------------------------------

/** The form laid out (csv, xlsx, html), and the statistical office's data layout (gus.*: one
 * variable a figure, api/return_gus.py). */
export const EXPORT_FORMATS = ['csv', 'xlsx', 'html', 'gus.csv', 'gus.xml'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
/** A download button's text: "CSV", "GUS XML". */
export const formatLabel = (format: ExportFormat): string => format.replace('.', ' ').toUpperCase();
export type ExportSource = 'submitted' | 'live';

export function exportPath(year: number, part: ReturnPart, format: ExportFormat, source: ExportSource): string {
  return `${returnPath(year, part)}/export.${format}?source=${source}`;
}

/** The file name the server gives (Content-Disposition), else one made the same way. */
export function exportFilename(disposition: string | null, year: number, part: ReturnPart, format: ExportFormat, source: ExportSource): string {
  const m = disposition && /filename="?([^";]+)"?/i.exec(disposition);
  return m ? m[1]! : `MRPiPS-03_${year}_${part}_${source}.${format}`;
}

/**
 * An export as a file: the API needs the bearer token, so a plain link cannot fetch it. `fetchFn`
 * is the session's (it refreshes an expiring token).
 */
export async function fetchExport(
  fetchFn: FetchFn,
  token: string | null,
  year: number,
  part: ReturnPart,
  format: ExportFormat,
  source: ExportSource,
): Promise<{ blob: Blob; filename: string }> {
  let res: Response;
  try {
    res = await fetchFn(exportPath(year, part, format, source), {
      headers: token ? { Authorization: `Bearer ${token}`, Accept: '*/*' } : { Accept: '*/*' },
      cache: 'no-store',
    });
  } catch (err) {
    throw new NetworkError(err);
  }
  if (!res.ok) throw new ApiError(res.status, await readError(res));
  return { blob: await res.blob(), filename: exportFilename(res.headers.get('Content-Disposition'), year, part, format, source) };
}
