// @vitest-environment happy-dom
// The fee share of specialist care for mental disorders beside the care terms
// (roles/decision_maker/BenefitCalculator.tsx `MentalCareFee`): the server's working, the fee
// per hour at the hourly cost typed (half up to the grosz), and the button that fills the share.
import { render } from 'preact';
import { describe, expect, it, vi } from 'vitest';
import type { BenefitCalculation } from '../src/benefits';
import { MentalCareFee } from '../src/roles/decision_maker/BenefitCalculator';

const calc: BenefitCalculation = {
  proceeding_id: 'p', form: 'specialist_care_services_mental', applies: true, problem: null, missing_members: [],
  month: '2026-11-01', members: 1, single: true, total_income: '1212.00', income_per_person: '1212.00',
  criterion: '1010.00', compared_income: '1212.00', minimum: null, maximum: null, computed: null, suggested: null,
  fee_share_percent: '1.5', percent_of_criterion: '120.00', fee_table_verified: false,
  working: [
    { key: 'income_single', expression: '1212.00 / 1 = 1212.00' },
    { key: 'percent_of_criterion', expression: '1212.00 / 1010.00 = 120.00%' },
    { key: 'fee_share_single', expression: '1.5%' },
    { key: 'table_unverified', expression: 'Dz.U. 2005 nr 189 poz. 1598, § 4 ust. 3' },
  ],
};

function shown(c: BenefitCalculation, hourlyCost: string, onFill = vi.fn()) {
  const root = document.createElement('div');
  render(<MentalCareFee calc={c} hourlyCost={hourlyCost} onFill={onFill} />, root);
  return root;
}

describe('the fee of specialist care for mental disorders', () => {
  it('shows the working, the fee per hour and fills the share', () => {
    const onFill = vi.fn();
    const root = shown(calc, '41,30', onFill);
    const working = root.querySelector('[data-testid="mental-working"]')!.textContent!;
    expect(working).toContain('1212,00 / 1010,00 = 120,00%');
    expect(working).not.toContain('120,00% zł');
    expect(working).toContain('Uwaga: tabela do weryfikacji');
    // 41.30 × 1.5% = 0.6195 → 0.62 zł
    expect(root.querySelector('[data-testid="mental-per-hour"]')!.textContent).toContain('41,30 × 1,5% = 0,62 zł');
    root.querySelector<HTMLButtonElement>('[data-testid="mental-fill"]')!.click();
    expect(onFill).toHaveBeenCalledWith('1,5');
  });

  it('says why there is no fee yet, and shows nothing for other forms', () => {
    const missing = shown({ ...calc, problem: 'benefit.income_missing', fee_share_percent: null }, '');
    expect(missing.querySelector('[data-testid="calc-problem"]')).not.toBeNull();
    expect(shown({ ...calc, form: 'care_services' }, '40').textContent).toBe('');
  });
});
