// The money of the remaining forms on the tablet (src/inKind.ts): days × unit cost for meals and
// shelter, the DPS fee split of art. 61 — the server's arithmetic in whole grosze — and the
// decision's body carrying them (src/care.ts).
import { describe, expect, it } from 'vitest';
import { needsJustification, type BenefitCalculation } from '../src/benefits';
import { decisionCommand, decisionErrors, emptyCareTerms, emptyCashTerms, type DecisionInput } from '../src/care';
import { daysErrors, daysProduct, dpsBody, dpsErrors, dpsSplit, emptyDaysTerms, grosze, type DpsFeeInput } from '../src/inKind';

const decision = (patch: Partial<DecisionInput>): DecisionInput => ({
  outcome: 'grant', reasons: ['3'], legal_basis: 'art. 48b', signatory: 'z up.', issued_on: '2026-12-07',
  care: emptyCareTerms('2026-12-07'), cash: emptyCashTerms('2026-12-07'),
  notes: { contact_phone: '', access_notes: '', health_notes: '', family_notes: '', social_worker_phone: '' },
  ...patch,
});

describe('meals and shelter', () => {
  it('multiply days by the unit cost in grosze and show the working', () => {
    const terms = { ...emptyDaysTerms('2026-12-07'), days: '30', unit_cost: '12,50' };
    expect(daysProduct(terms)).toEqual({ total: 37500, expression: '30 × 12.50 = 375.00' });
    // 0.1 × 3 in floating point is 0.30000000000000004: in grosze it is exact
    expect(daysProduct({ ...terms, days: '3', unit_cost: '0,10' })?.expression).toBe('3 × 0.10 = 0.30');
  });

  it('refuse an amount other than the product, a unit cost above 500 zł and no days', () => {
    const terms = { ...emptyDaysTerms('2026-12-07'), days: '30', unit_cost: '12,50', amount: '375,01' };
    expect(daysErrors(terms)['days.amount']).toBe('days.err.amount');
    expect(daysErrors({ ...terms, amount: '375,00' })).toEqual({});
    expect(daysErrors({ ...terms, unit_cost: '500,01' })['days.unit_cost']).toBe('days.err.unitCost');
    expect(daysErrors({ ...terms, days: '0' })['days.days']).toBe('days.err.days');
  });

  it('go with a granting decision of a meal, in the API form', () => {
    const days = { ...emptyDaysTerms('2026-12-07'), days: '30', unit_cost: '12,5', amount: '375' };
    const command = decisionCommand('p', 2, 'meal', decision({ days }));
    expect(command.body.days).toEqual({ days: 30, unit_cost: '12.50', amount: '375.00', period_from: '2026-12-07', period_to: null });
    expect(command.body.cash).toBeUndefined();
    expect(decisionErrors(decision({}), 'meal')['days.days']).toBe('days.err.days');
  });
});

const fee = (patch: Partial<DpsFeeInput>): DpsFeeInput => ({
  on: true, resident_income: '2000,00', home_cost: '7000,00',
  family: [{ name: 'Anna Nowak', relationship: 'córka', amount: '600', basis: 'agreement' },
    { name: 'Piotr Nowak', relationship: 'syn', amount: '400', basis: 'decision' }],
  ...patch,
});

describe('the DPS fee split (art. 61)', () => {
  it('gives the resident 70% of income, the family its parts and the municipality the rest', () => {
    const split = dpsSplit(fee({}));
    expect(split).toMatchObject({ resident: 140000, family: 100000, municipality: 460000, familyTooMuch: false });
    expect(split?.working.map((s) => s.expression)).toEqual(['2000.00 × 70% = 1400.00', '7000.00 − 1400.00 − 1000.00 = 4600.00']);
  });

  it('rounds 70% half up to the grosz and caps the resident at the cost', () => {
    expect(dpsSplit(fee({ resident_income: '0,05', family: [] }))?.resident).toBe(4); // 3.5 gr → 4
    const rich = dpsSplit(fee({ resident_income: '20000', family: [] }));
    expect(rich).toMatchObject({ resident: 700000, municipality: 0 });
    expect(rich?.working.map((s) => s.key)).toContain('dps_resident_cost_applies');
  });

  it('refuses family parts above what the resident leaves', () => {
    const input = fee({ family: [{ name: 'Anna Nowak', relationship: 'córka', amount: '5600,01', basis: 'agreement' }] });
    expect(dpsSplit(input)?.familyTooMuch).toBe(true);
    expect(dpsErrors(input)['dps.family']).toBe('dps.err.family');
    expect(dpsErrors(fee({}))).toEqual({});
  });

  it('is sent only when the decision establishes it', () => {
    expect(dpsBody(fee({ on: false }))).toBeNull();
    expect(dpsBody(fee({}))).toMatchObject({ resident_income: '2000.00', home_cost: '7000.00', resident: '1400.00', municipality: '4600.00' });
    const command = decisionCommand('p', 2, 'residential_care_home', decision({ dps: fee({}) }));
    expect((command.body.dps_fee as { family: unknown[] }).family).toHaveLength(2);
  });

  it('reads złoty and grosze typed either way', () => {
    expect([grosze('12,5'), grosze('12.50'), grosze('1'), grosze('x')]).toEqual([1250, 1250, 100, NaN]);
  });
});

describe('the typed forms (art. 40, 44, 48)', () => {
  it('always need a justification, even at a funeral cap', () => {
    const calc = {
      proceeding_id: 'p', form: 'funeral', applies: true, problem: null, missing_members: [], month: null, members: null,
      single: null, total_income: null, income_per_person: null, criterion: null, compared_income: null,
      minimum: '0.01', maximum: '4000.00', computed: null, suggested: '4000.00', income_test: false, working: [],
    } satisfies BenefitCalculation;
    expect(needsJustification(calc, '4000,00')).toBe(true);
  });
});
