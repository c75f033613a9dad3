// Forms of the decision maker, the MCUS coordinator and the caregiver → contract command
// bodies, with the checks the person hears about before anything is queued (the server checks
// again). Commands go through the outbox like the social worker's: the outbox groups them by
// `folder_id`, which here is the proceeding's or the order's id (their versions are their own).
import { CARE_FORMS, CARE_TASKS, CASH_FORMS, REASONS, type ScheduleSlot } from './contract';
import type { CommandKind } from './db';
import {
  daysBody, daysErrors, dpsBody, dpsErrors, emptyDaysTerms, isDaysForm, isDpsForm,
  type DaysField, type DaysTermsInput, type DpsFeeInput, type DpsField,
} from './inKind';
import type { MessageKey } from './i18n';
import type { NewCommand } from './outbox';

export const DATE = /^\d{4}-\d{2}-\d{2}$/;
const MONEY = /^\d{1,6}([.,]\d{1,2})?$/;

export const isCareForm = (form: string): boolean => (CARE_FORMS as readonly string[]).includes(form);
export const isCashForm = (form: string): boolean => (CASH_FORMS as readonly string[]).includes(form);

/** "2,5" or "2.5" → "2.50" (the API takes decimals as strings). */
export function decimal(value: string): string {
  const n = Number(value.trim().replace(',', '.'));
  return Number.isFinite(n) ? n.toFixed(2) : value;
}

const num = (value: string): number => (MONEY.test(value.trim()) ? Number(value.trim().replace(',', '.')) : NaN);

/** The time on the tablet with its UTC offset, e.g. 2026-11-25T09:02:11+01:00. */
export function localIsoWithOffset(now: Date = new Date()): string {
  const pad = (n: number) => String(Math.trunc(Math.abs(n))).padStart(2, '0');
  const offset = -now.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  return (
    `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}` +
    `T${pad(now.getHours())}:${pad(now.getMinutes())}:${pad(now.getSeconds())}` +
    `${sign}${pad(offset / 60)}:${pad(offset % 60)}`
  );
}

// --- the decision ---

export interface CareTermsInput {
  tasks: string[];
  hours_per_day: string;
  hours_per_week: string;
  weekdays: number[];
  period_from: string;
  period_to: string;
  place: string;
  provider_id: string;
  hourly_cost: string;
  fee_share_percent: string;
}

export interface CareNotesInput {
  contact_phone: string;
  access_notes: string;
  health_notes: string;
  family_notes: string;
  social_worker_phone: string;
}

/** What a granting decision of a cash form pays (art. 37–41). */
export interface CashTermsInput {
  amount: string;
  period_from: string;
  /** Empty for a one-off allowance or one granted indefinitely. */
  period_to: string;
  installments: string;
}

export interface DecisionInput {
  outcome: '' | 'grant' | 'refuse';
  reasons: string[];
  legal_basis: string;
  signatory: string;
  issued_on: string;
  care: CareTermsInput;
  cash: CashTermsInput;
  notes: CareNotesInput;
  /** Why a cash amount the law bounds is what it is (absent in drafts made before). */
  amount_justification?: string;
  /** Meals, shelter: days × unit cost (absent in drafts made before). */
  days?: DaysTermsInput;
  /** A residential care home's fee split (art. 61), when this decision establishes it. */
  dps?: DpsFeeInput;
}

export type CareField = `care.${keyof CareTermsInput}`;
export type CashField = `cash.${keyof CashTermsInput}`;
export type DecisionField = 'outcome' | 'reasons' | 'legal_basis' | 'signatory' | 'issued_on' | 'amount_justification' | CareField | CashField | DaysField | DpsField;

/** "z up. Prezydenta Wrocławia, Jan Dec": the signatory acts on the mayor's authority. */
export function defaultSignatory(displayName: string, city = 'Wrocławia'): string {
  return `z up. Prezydenta ${city}, ${displayName}`;
}

export function emptyCareTerms(from: string): CareTermsInput {
  return {
    tasks: [],
    hours_per_day: '',
    hours_per_week: '',
    weekdays: [1, 2, 3, 4, 5],
    period_from: from,
    period_to: '',
    place: 'miejsce zamieszkania',
    provider_id: 'MCUS',
    hourly_cost: '',
    fee_share_percent: '',
  };
}

export function emptyCashTerms(from: string): CashTermsInput {
  return { amount: '', period_from: from, period_to: '', installments: '1' };
}

/** The care terms a granting decision (or its amendment) orders. */
export function careErrors(c: CareTermsInput): Partial<Record<CareField, MessageKey>> {
  const e: Partial<Record<CareField, MessageKey>> = {};
  if (c.tasks.length === 0 || c.tasks.some((task) => !(CARE_TASKS as readonly string[]).includes(task))) {
    e['care.tasks'] = 'care.err.tasks';
  }
  const perDay = num(c.hours_per_day);
  if (!(perDay > 0 && perDay <= 12)) e['care.hours_per_day'] = 'care.err.hoursPerDay';
  const perWeek = num(c.hours_per_week);
  if (!(perWeek > 0 && perWeek <= 84)) e['care.hours_per_week'] = 'care.err.hoursPerWeek';
  else if (perDay > 0 && perWeek > perDay * Math.max(1, c.weekdays.length)) e['care.hours_per_week'] = 'care.err.hoursPerWeek';
  if (c.weekdays.length === 0 || c.weekdays.some((d) => !(d >= 1 && d <= 7))) e['care.weekdays'] = 'care.err.weekdays';
  if (!DATE.test(c.period_from)) e['care.period_from'] = 'decision.err.date';
  if (!DATE.test(c.period_to) || (DATE.test(c.period_from) && c.period_to < c.period_from)) {
    e['care.period_to'] = 'care.err.periodTo';
  }
  if (!c.place.trim()) e['care.place'] = 'care.err.place';
  if (!c.provider_id.trim()) e['care.provider_id'] = 'care.err.provider';
  if (!(num(c.hourly_cost) > 0)) e['care.hourly_cost'] = 'care.err.cost';
  const share = num(c.fee_share_percent);
  if (!(share >= 0 && share <= 100)) e['care.fee_share_percent'] = 'care.err.feeShare';
  return e;
}

/** The amount, period and instalments a granting decision of a cash form pays. */
export function cashErrors(c: CashTermsInput): Partial<Record<CashField, MessageKey>> {
  const e: Partial<Record<CashField, MessageKey>> = {};
  if (!(num(c.amount) > 0)) e['cash.amount'] = 'cash.err.amount';
  if (!DATE.test(c.period_from)) e['cash.period_from'] = 'decision.err.date';
  if (c.period_to.trim() && (!DATE.test(c.period_to) || (DATE.test(c.period_from) && c.period_to < c.period_from))) {
    e['cash.period_to'] = 'care.err.periodTo';
  }
  const n = Number(c.installments);
  if (!/^\d+$/.test(c.installments.trim()) || n < 1 || n > 120) e['cash.installments'] = 'cash.err.installments';
  return e;
}

/** The terms a granting decision of this form needs: care, cash, or none. */
export function termsErrors(form: string, care: CareTermsInput, cash: CashTermsInput): Partial<Record<CareField | CashField, MessageKey>> {
  if (isCareForm(form)) return careErrors(care);
  if (isCashForm(form)) return cashErrors(cash);
  return {};
}

/** The mandatory fields of a decision; the terms only for a granting decision of a care or cash form. */
export function decisionErrors(input: DecisionInput, form: string): Partial<Record<DecisionField, MessageKey>> {
  const e: Partial<Record<DecisionField, MessageKey>> = {};
  if (input.outcome !== 'grant' && input.outcome !== 'refuse') e.outcome = 'decision.err.outcome';
  if (input.outcome === 'grant' && input.reasons.length === 0) e.reasons = 'decision.err.reasons';
  if (input.reasons.some((r) => !(REASONS as readonly string[]).includes(r))) e.reasons = 'decision.err.reasons';
  if (!input.legal_basis.trim()) e.legal_basis = 'decision.err.legalBasis';
  if (!input.signatory.trim()) e.signatory = 'decision.err.signatory';
  if (!DATE.test(input.issued_on)) e.issued_on = 'decision.err.date';
  if (input.outcome !== 'grant') return e;
  const inKind = {
    ...(isDaysForm(form) ? daysErrors(input.days ?? emptyDaysTerms('')) : {}),
    ...(isDpsForm(form) && input.dps ? dpsErrors(input.dps) : {}),
  };
  return { ...e, ...termsErrors(form, input.care, input.cash), ...inKind };
}

/** Care terms as the contract takes them (decimals as strings with two places). */
export function careBody(c: CareTermsInput): Record<string, unknown> {
  return {
    tasks: CARE_TASKS.filter((task) => c.tasks.includes(task)),
    hours_per_day: decimal(c.hours_per_day),
    hours_per_week: decimal(c.hours_per_week),
    weekdays: [...c.weekdays].sort((a, b) => a - b),
    period_from: c.period_from,
    period_to: c.period_to,
    place: c.place.trim(),
    provider_id: c.provider_id.trim(),
    hourly_cost: decimal(c.hourly_cost),
    fee_share_percent: decimal(c.fee_share_percent),
  };
}

export function cashBody(c: CashTermsInput): Record<string, unknown> {
  return {
    amount: decimal(c.amount),
    period_from: c.period_from,
    period_to: c.period_to.trim() || null,
    installments: Number(c.installments),
  };
}

export function decisionCommand(
  proceedingId: string,
  seenVersion: number,
  form: string,
  input: DecisionInput,
): NewCommand {
  const body: Record<string, unknown> = {
    occurred_at: new Date().toISOString(),
    decision_id: crypto.randomUUID(),
    outcome: input.outcome,
    reasons: [...input.reasons],
    legal_basis: input.legal_basis.trim(),
    signatory: input.signatory.trim(),
    issued_on: input.issued_on,
  };
  if (input.outcome === 'grant' && isCashForm(form)) {
    body.cash = cashBody(input.cash);
    const justification = (input.amount_justification ?? '').trim();
    if (justification) body.amount_justification = justification;
  }
  if (input.outcome === 'grant' && isDaysForm(form) && input.days) body.days = daysBody(input.days);
  if (input.outcome === 'grant' && isDpsForm(form) && input.dps) {
    const fee = dpsBody(input.dps);
    if (fee) body.dps_fee = fee;
  }
  if (input.outcome === 'grant' && isCareForm(form)) {
    body.care = careBody(input.care);
    const n = input.notes;
    body.notes = {
      contact_phone: n.contact_phone.trim() || null,
      access_notes: n.access_notes.trim(),
      health_notes: n.health_notes.trim(),
      family_notes: n.family_notes.trim(),
      social_worker_phone: n.social_worker_phone.trim() || null,
    };
  }
  return {
    command_id: crypto.randomUUID(),
    folder_id: proceedingId,
    path: `/api/proceedings/${encodeURIComponent(proceedingId)}/decision`,
    kind: 'decision_issued',
    seen_version: seenVersion,
    body,
  };
}

// --- the weekly schedule ---

export interface SlotInput {
  weekday: string;
  start: string;
  minutes: string;
}

export type SlotError = Partial<Record<keyof SlotInput, MessageKey>>;

export const MAX_SLOTS = 28;

/**
 * Row by row: a weekday 1–7 (and one the decision orders, if given), a start HH:MM, 1–720
 * minutes, and no two rows on the same day at the same time. `errors.length === 0` when valid.
 */
export function scheduleErrors(
  rows: SlotInput[],
  allowedWeekdays?: readonly number[],
): { rows: SlotError[]; form: MessageKey | null } {
  const seen = new Set<string>();
  const out = rows.map((row) => {
    const e: SlotError = {};
    const day = Number(row.weekday);
    if (!/^[1-7]$/.test(row.weekday.trim())) e.weekday = 'schedule.err.weekday';
    else if (allowedWeekdays?.length && !allowedWeekdays.includes(day)) e.weekday = 'schedule.err.notOrdered';
    const time = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(row.start.trim());
    if (!time) e.start = 'schedule.err.start';
    const minutes = Number(row.minutes);
    if (!/^\d+$/.test(row.minutes.trim()) || minutes < 1 || minutes > 720) e.minutes = 'schedule.err.minutes';
    else if (time && Number(time[1]) * 60 + Number(time[2]) + minutes > 24 * 60) e.minutes = 'schedule.err.pastMidnight';
    const key = `${day}@${row.start.trim()}`;
    if (!e.weekday && !e.start) {
      if (seen.has(key)) e.start = 'schedule.err.duplicate';
      seen.add(key);
    }
    return e;
  });
  let form: MessageKey | null = null;
  if (rows.length === 0) form = 'schedule.err.empty';
  else if (rows.length > MAX_SLOTS) form = 'schedule.err.tooMany';
  return { rows: out, form };
}

export const scheduleValid = (result: ReturnType<typeof scheduleErrors>): boolean =>
  result.form === null && result.rows.every((r) => Object.keys(r).length === 0);

export function slotsOf(rows: SlotInput[]): ScheduleSlot[] {
  return rows.map((r) => ({ weekday: Number(r.weekday), start: r.start.trim(), minutes: Number(r.minutes) }));
}

// --- order and caregiver commands ---

export function orderCommand(
  orderId: string,
  seenVersion: number,
  action:
    | 'acceptance'
    | 'caregiver'
    | 'schedule'
    | 'change-acknowledgement'
    | 'folder-changes-seen'
    | 'suspension'
    | 'resumption'
    | 'settlements',
  body: Record<string, unknown>,
): NewCommand {
  const kinds: Record<typeof action, CommandKind> = {
    acceptance: 'order_accepted',
    caregiver: 'caregiver_assigned',
    schedule: 'schedule_set',
    'change-acknowledgement': 'change_acknowledged',
    'folder-changes-seen': 'folder_changes_seen',
    suspension: 'order_suspended',
    resumption: 'order_resumed',
    settlements: 'month_closed',
  };
  return {
    command_id: crypto.randomUUID(),
    folder_id: orderId,
    path: `/api/handoff/orders/${encodeURIComponent(orderId)}/${action}`,
    kind: kinds[action],
    seen_version: seenVersion,
    body: { occurred_at: new Date().toISOString(), ...body },
  };
}

export function careCommand(
  orderId: string,
  seenVersion: number,
  kind: 'care_checked_in' | 'care_checked_out' | 'observation_raised',
  body: Record<string, unknown>,
  visitId?: string,
  dependsOn?: string | null,
): NewCommand {
  const base = `/api/caregiver/orders/${encodeURIComponent(orderId)}`;
  const path =
    kind === 'care_checked_in'
      ? `${base}/visits`
      : kind === 'care_checked_out'
        ? `${base}/visits/${encodeURIComponent(visitId ?? '')}/completion`
        : `${base}/observations`;
  return {
    command_id: crypto.randomUUID(),
    folder_id: orderId,
    path,
    kind,
    seen_version: seenVersion,
    depends_on: dependsOn ?? null,
    body: { occurred_at: new Date().toISOString(), ...body },
  };
}
