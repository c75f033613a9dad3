// The decision maker's calculator (GET /api/proceedings/{id}/benefit-calculation): a
// proceeding's household income against the criterion (any form: her case screen shows it),
// and for a cash form the amount the law allows (art. 8, 37–41 of the act; docs/benefits.md).

export interface BenefitStep {
  key: string;
  expression: string;
}

export interface BenefitCalculation {
  proceeding_id: string;
  form: string;
  applies: boolean;
  problem: string | null;
  missing_members: string[];
  month: string | null;
  members: number | null;
  single: boolean | null;
  total_income: string | null;
  income_per_person: string | null;
  /** The art. 8 criterion the income per person is held against: the single person's, or per
   * person in a family (not the family's total the periodic allowance compares). */
  income_criterion?: string | null;
  within_criterion?: boolean | null;
  criterion: string | null;
  compared_income: string | null;
  minimum: string | null;
  maximum: string | null;
  computed: string | null;
  suggested: string | null;
  /** False for the forms without an income test (art. 40, 44, 48): typed, always justified. */
  income_test?: boolean;
  /** Specialist care for mental disorders: the regulation's fee share, in % of the hourly cost. */
  fee_share_percent?: string | null;
  percent_of_criterion?: string | null;
  fee_table_verified?: boolean | null;
  working: BenefitStep[];
}

export const calculationPath = (proceedingId: string) =>
  `/api/proceedings/${encodeURIComponent(proceedingId)}/benefit-calculation`;

/** "1010.00" → "1010,00" for a Polish reader, as typed into the amount field. */
export function asTyped(amount: string, lang: 'pl' | 'en'): string {
  return lang === 'pl' ? amount.replace('.', ',') : amount;
}

/** Whether the amount typed needs a justification: the law bounds it (no formula) and it is
 * below the maximum, or there is no maximum (the stated need of art. 39); always for a form
 * without an income test (art. 40, 44, 48: nothing else says why the amount is what it is). */
export function needsJustification(calc: BenefitCalculation | undefined, typed: string): boolean {
  if (!calc || !calc.applies || calc.problem || calc.computed !== null) return false;
  if (calc.income_test === false) return true;
  const amount = Number(typed.replace(',', '.'));
  return calc.maximum === null || !(amount >= Number(calc.maximum));
}

// --- the household's income, entered by the social worker during the interview ---

export interface IncomeInput {
  member_id: string;
  month: string; // "YYYY-MM"
  net_income: string;
}

export type IncomeField = keyof IncomeInput;

const INCOME = /^\d{1,7}([.,]\d{1,2})?$/;

/** The month before today's: the one art. 8 ust. 3 counts for an application made now. */
export function lastMonth(today: Date = new Date()): string {
  const d = new Date(today.getFullYear(), today.getMonth() - 1, 1);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
}

export function incomeErrors(input: IncomeInput): Partial<Record<IncomeField, 'income.err.amount' | 'income.err.month'>> {
  const e: Partial<Record<IncomeField, 'income.err.amount' | 'income.err.month'>> = {};
  if (!INCOME.test(input.net_income.trim()) || Number(input.net_income.trim().replace(',', '.')) > 1_000_000) {
    e.net_income = 'income.err.amount';
  }
  if (!/^\d{4}-\d{2}$/.test(input.month)) e.month = 'income.err.month';
  return e;
}

export function incomeCommand(folderId: string, seenVersion: number, input: IncomeInput) {
  const [whole, part = ''] = input.net_income.trim().replace(',', '.').split('.');
  return {
    command_id: crypto.randomUUID(),
    folder_id: folderId,
    path: `/api/folders/${encodeURIComponent(folderId)}/incomes`,
    kind: 'income_declared' as const,
    seen_version: seenVersion,
    body: {
      occurred_at: new Date().toISOString(),
      member_id: input.member_id,
      month: `${input.month}-01`,
      net_income: `${whole}.${part.padEnd(2, '0')}`,
    },
  };
}
