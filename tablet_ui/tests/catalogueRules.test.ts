// The shared rule cases (tests/catalogue/rule_cases.json, also run by pytest against the
// server's evaluator) against the tablet's: @bufbuild/cel through src/catalogue.ts.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { splitConjuncts, type Fact } from '../src/catalogue';
import { celFacts, evaluate } from '../src/catalogueRules';

interface Cases {
  base_facts: Record<string, unknown>;
  cases: { name: string; expression: string; facts: Record<string, unknown>; expected: boolean | null }[];
  splits: { expression: string; conjuncts: string[] }[];
}

const cases: Cases = JSON.parse(readFileSync(
  new URL('../../tests/catalogue/rule_cases.json', import.meta.url), 'utf-8'));

// The schema's types as GET /api/catalogue gives them (domain/catalogue_facts.py).
const INT_FACTS = ['age', 'household_size', 'children', 'seniors'];
const schema: Fact[] = Object.keys(cases.base_facts).map((name) => ({
  name, type: INT_FACTS.includes(name) ? 'int' : 'other', nullable: true, meaning: '',
}));

describe('the shared rule cases on the tablet', () => {
  for (const c of cases.cases) {
    it(c.name, () => {
      const facts = celFacts({ ...cases.base_facts, ...c.facts }, schema);
      expect(evaluate(c.expression, facts)).toBe(c.expected);
    });
  }
  for (const s of cases.splits) {
    it(`splits ${s.expression}`, () => {
      expect(splitConjuncts(s.expression)).toEqual(s.conjuncts);
    });
  }
});
