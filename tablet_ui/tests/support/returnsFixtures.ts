// A return's figures as the API sends them (docs/returns.md), shaped like the first half of 2026
// of tests/support/municipality.py: a periodic allowance 1 person / 3 benefits / 1500.00 and so on.
import type { BenefitCell, FamiliesBlock, ReturnFigures, ReturnFiguresOut, ReturnView } from '../../src/contract';

export const FORMS = [
  'permanent_allowance', 'periodic_allowance', 'purpose_allowance', 'special_purpose_allowance',
  'care_services', 'specialist_care_services', 'specialist_care_services_mental', 'day_care_home',
  'residential_care_home', 'meal', 'shelter',
];
export const REASONS = ['1', '2', '3', '4', '5', '6', '7', '7a', '8', '9', '10', '11', '12', '13', '14', '15'];

const cell = (persons = 0, benefits = 0, amount = '0.00', families = 0, family_persons = 0): BenefitCell =>
  ({ persons, benefits, amount, families, family_persons });
const fam = (families = 0, family_persons = 0, rural_families = 0, rural_family_persons = 0): FamiliesBlock =>
  ({ families, family_persons, rural_families, rural_family_persons });

export function h1Figures(): ReturnFigures {
  const benefits: Record<string, { commissioned: BenefitCell; own: BenefitCell }> = {};
  for (const f of FORMS) benefits[f] = { commissioned: cell(), own: cell() };
  benefits.periodic_allowance!.own = cell(1, 3, '1500.00', 1, 3);
  benefits.purpose_allowance!.own = cell(1, 1, '300.00', 1, 3);
  benefits.care_services!.own = cell(1, 18, '540.00', 1, 2);
  benefits.permanent_allowance!.own = cell(1, 3, '2100.00', 1, 2);
  const reasons: Record<string, FamiliesBlock> = {};
  for (const r of REASONS) reasons[r] = fam();
  reasons['1'] = fam(1, 3);
  reasons['4'] = fam(1, 3);
  reasons['5'] = fam(1, 2, 1, 2);
  reasons['6'] = fam(1, 2, 1, 2);
  return {
    benefits: { ...benefits, total: { persons: 4, families: 2, family_persons: 5 } } as ReturnFigures['benefits'],
    reasons,
    social_work: fam(2, 4),
    social_contracts: { contracts: 1, persons: 1, families: 1 },
  };
}

export const out = (figures: ReturnFigures, hash: string, position: number): ReturnFiguresOut => ({
  year: 2026, part: 'H1', figures, content_hash: hash, position, as_of: '2026-11-25T10:00:00Z',
});

export const HASH_A = 'a'.repeat(64);
export const HASH_B = 'b'.repeat(64);

export function emptyView(figures: ReturnFigures = h1Figures()): ReturnView {
  return {
    return_id: null, version: null, live: out(figures, HASH_A, 40), draft: null, submitted: null,
    submitted_revision: null, submitted_on: null, differences_since_submission: [],
  };
}
