// The money a non-cash decision states (docs/benefits.md): meals and shelter as days (or meals)
// × unit cost (art. 48a–48b), and a residential care home's fee split (art. 61: the resident
// 70% of income, the family as agreed, the municipality the rest of the home's average cost).
// The same arithmetic as the server's (domain/benefits.py `days_cost`, `dps_fee_split`), in
// whole grosze, so the calculator never shows what the server would refuse; the server checks
// again (422 `benefit.amount_not_as_computed`, `benefit.dps_family_above_remainder`).
import { DAYS_FORMS } from './contract';
import type { MessageKey } from './i18n';

export const isDaysForm = (form: string): boolean => (DAYS_FORMS as readonly string[]).includes(form);
export const isDpsForm = (form: string): boolean => form === 'residential_care_home';

const MONEY = /^\d{1,6}([.,]\d{1,2})?$/;
/** Meals: up to three a day for a year; shelter: nights (domain/benefit_terms.py). */
export const MAX_UNITS = 3 * 366;
export const MAX_UNIT_COST_GR = 500_00;
export const MAX_HOME_COST_GR = 50_000_00;

/** "12,5" → 1250 grosze; NaN for anything that is not złoty and grosze. */
export function grosze(typed: string): number {
  const s = typed.trim().replace(',', '.');
  if (!MONEY.test(s)) return NaN;
  const [whole, part = ''] = s.split('.');
  return Number(whole) * 100 + Number(part.padEnd(2, '0'));
}

/** 37500 → "375.00" (the API's form); `asTyped` turns it Polish for the reader. */
export const zl = (gr: number): string => `${Math.trunc(gr / 100)}.${String(gr % 100).padStart(2, '0')}`;

export interface DaysTermsInput {
  days: string;
  unit_cost: string;
  amount: string;
  period_from: string;
  period_to: string;
}

export type DaysField = `days.${keyof DaysTermsInput}`;

export const emptyDaysTerms = (from: string): DaysTermsInput => ({ days: '', unit_cost: '', amount: '', period_from: from, period_to: '' });

/** Days × unit cost in grosze, or null while either is not a valid number. */
export function daysProduct(input: DaysTermsInput): { total: number; expression: string } | null {
  const days = Number(input.days.trim());
  const unit = grosze(input.unit_cost);
  if (!/^\d+$/.test(input.days.trim()) || !(days >= 1 && days <= MAX_UNITS) || !(unit > 0 && unit <= MAX_UNIT_COST_GR)) return null;
  const total = days * unit;
  return { total, expression: `${days} × ${zl(unit)} = ${zl(total)}` };
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function daysErrors(input: DaysTermsInput): Partial<Record<DaysField, MessageKey>> {
  const e: Partial<Record<DaysField, MessageKey>> = {};
  const days = Number(input.days.trim());
  if (!/^\d+$/.test(input.days.trim()) || !(days >= 1 && days <= MAX_UNITS)) e['days.days'] = 'days.err.days';
  const unit = grosze(input.unit_cost);
  if (!(unit > 0 && unit <= MAX_UNIT_COST_GR)) e['days.unit_cost'] = 'days.err.unitCost';
  const product = daysProduct(input);
  if (product && grosze(input.amount) !== product.total) e['days.amount'] = 'days.err.amount';
  else if (!product && !(grosze(input.amount) > 0)) e['days.amount'] = 'days.err.amount';
  if (!DATE.test(input.period_from)) e['days.period_from'] = 'decision.err.date';
  if (input.period_to.trim() && (!DATE.test(input.period_to) || input.period_to < input.period_from)) {
    e['days.period_to'] = 'care.err.periodTo';
  }
  return e;
}

export function daysBody(input: DaysTermsInput): Record<string, unknown> {
  return {
    days: Number(input.days.trim()),
    unit_cost: zl(grosze(input.unit_cost)),
    amount: zl(grosze(input.amount)),
    period_from: input.period_from,
    period_to: input.period_to.trim() || null,
  };
}

// --- the DPS fee (art. 61) ---

export interface FamilyPayerInput {
  name: string;
  relationship: string;
  amount: string;
  basis: 'agreement' | 'decision';
}

export interface DpsFeeInput {
  /** Whether this decision establishes the fee (a placement may leave it to another). */
  on: boolean;
  resident_income: string;
  home_cost: string;
  family: FamilyPayerInput[];
}

export type DpsField = 'dps.resident_income' | 'dps.home_cost' | 'dps.family';

export const emptyDpsFee = (): DpsFeeInput => ({ on: false, resident_income: '', home_cost: '', family: [] });
export const emptyPayer = (): FamilyPayerInput => ({ name: '', relationship: '', amount: '', basis: 'agreement' });

export interface DpsSplit {
  cost: number;
  resident: number;
  family: number;
  municipality: number;
  /** The family's parts exceed what the resident's 70% leaves: the server refuses it. */
  familyTooMuch: boolean;
  working: { key: string; expression: string }[];
}

/** art. 61: the resident 70% of income (half up to the grosz, at most the cost), the family's
 * agreed parts, the municipality the rest; null while the income or the cost is not valid. */
export function dpsSplit(input: DpsFeeInput): DpsSplit | null {
  const income = grosze(input.resident_income);
  const cost = grosze(input.home_cost);
  if (!(income >= 0) || !(cost > 0 && cost <= MAX_HOME_COST_GR)) return null;
  const seventy = Math.floor((income * 7 + 5) / 10);
  const resident = Math.min(seventy, cost);
  const family = input.family.reduce((sum, p) => sum + (grosze(p.amount) || 0), 0);
  const familyTooMuch = family > cost - resident;
  const family_pays = Math.min(family, cost - resident);
  const municipality = cost - resident - family_pays;
  const working = [{ key: 'dps_resident', expression: `${zl(income)} × 70% = ${zl(seventy)}` }];
  if (resident < seventy) working.push({ key: 'dps_resident_cost_applies', expression: zl(resident) });
  working.push({ key: 'dps_municipality', expression: `${zl(cost)} − ${zl(resident)} − ${zl(family_pays)} = ${zl(municipality)}` });
  return { cost, resident, family: family_pays, municipality, familyTooMuch, working };
}

export function dpsErrors(input: DpsFeeInput): Partial<Record<DpsField, MessageKey>> {
  if (!input.on) return {};
  const e: Partial<Record<DpsField, MessageKey>> = {};
  if (!(grosze(input.resident_income) >= 0)) e['dps.resident_income'] = 'dps.err.income';
  const cost = grosze(input.home_cost);
  if (!(cost > 0 && cost <= MAX_HOME_COST_GR)) e['dps.home_cost'] = 'dps.err.cost';
  const badPayer = input.family.some((p) => !p.name.trim() || !p.relationship.trim() || !(grosze(p.amount) > 0));
  if (badPayer || input.family.length > 10 || dpsSplit(input)?.familyTooMuch) e['dps.family'] = 'dps.err.family';
  return e;
}

export function dpsBody(input: DpsFeeInput): Record<string, unknown> | null {
  const split = dpsSplit(input);
  if (!input.on || split === null) return null;
  return {
    resident_income: zl(grosze(input.resident_income)),
    home_cost: zl(split.cost),
    family: input.family.map((p) => ({ name: p.name.trim(), relationship: p.relationship.trim(), amount: zl(grosze(p.amount)), basis: p.basis })),
    resident: zl(split.resident),
    municipality: zl(split.municipality),
  };
}
