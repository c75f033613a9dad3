// The calculator's helpers and the income command (src/benefits.ts), and a cash decision
// carrying its justification (src/care.ts).
import { describe, expect, it } from 'vitest';
import { incomeCommand, incomeErrors, lastMonth, needsJustification, type BenefitCalculation } from '../src/benefits';
import { decisionCommand, emptyCareTerms, emptyCashTerms } from '../src/care';

const calc = (patch: Partial<BenefitCalculation>): BenefitCalculation => ({
  proceeding_id: 'p', form: 'periodic_allowance', applies: true, problem: null, missing_members: [],
  month: '2025-02-01', members: 2, single: false, total_income: '646.00', income_per_person: '323.00',
  criterion: '1646.00', compared_income: '646.00', minimum: '500.00', maximum: '1000.00', computed: null,
  suggested: '1000.00', working: [], ...patch,
});

describe('the benefit calculator', () => {
  it('asks for a justification below a bounded maximum, never for a computed amount', () => {
    expect(needsJustification(calc({}), '600,00')).toBe(true);
    expect(needsJustification(calc({}), '1000.00')).toBe(false);
    expect(needsJustification(calc({ maximum: null, suggested: null }), '1000.00')).toBe(true);
    expect(needsJustification(calc({ computed: '370.00', minimum: '370.00', maximum: '370.00' }), '300')).toBe(false);
    expect(needsJustification(undefined, '300')).toBe(false);
  });

  it('sends the justification with a cash grant', () => {
    const command = decisionCommand('p', 3, 'periodic_allowance', {
      outcome: 'grant', reasons: ['1'], legal_basis: 'art. 38', signatory: 'z up.', issued_on: '2025-03-10',
      care: emptyCareTerms('2025-03-10'), cash: { ...emptyCashTerms('2025-03-10'), amount: '600,00' },
      notes: { contact_phone: '', access_notes: '', health_notes: '', family_notes: '', social_worker_phone: '' },
      amount_justification: '  Część potrzeb pokrywa zasiłek celowy. ',
    });
    expect(command.body.amount_justification).toBe('Część potrzeb pokrywa zasiłek celowy.');
    expect((command.body.cash as { amount: string }).amount).toBe('600.00');
  });
});

describe('the household income', () => {
  it('is the month before by default and is sent as the first of the month in grosze', () => {
    expect(lastMonth(new Date(2025, 0, 15))).toBe('2024-12');
    const command = incomeCommand('f', 4, { member_id: 'm', month: '2025-02', net_income: '640,5' });
    expect(command.path).toBe('/api/folders/f/incomes');
    expect(command.body).toMatchObject({ member_id: 'm', month: '2025-02-01', net_income: '640.50' });
  });

  it('refuses a negative or malformed amount and a missing month', () => {
    expect(incomeErrors({ member_id: 'm', month: '', net_income: '-1' })).toEqual({
      net_income: 'income.err.amount', month: 'income.err.month',
    });
    expect(incomeErrors({ member_id: 'm', month: '2025-02', net_income: '0' })).toEqual({});
  });
});
