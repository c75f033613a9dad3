// Proposals on the tablet for one household against a 200-entry catalogue (issue #20: ≤ 50 ms),
// computed offline with @bufbuild/cel. The catalogue and the household's facts are written by
// scripts/bench/catalogue_proposals.py (tests/catalogue/catalogue_200.json), so both sides
// measure the same work; `baseline` is the same number of evaluations of `true`.
//   npx vitest bench --run tests/catalogue.bench.ts
import { readFileSync } from 'node:fs';
import { bench, describe, expect } from 'vitest';
import { splitConjuncts, type Catalogue, type Facts } from '../src/catalogue';
import { celFacts, evaluate, propose } from '../src/catalogueRules';

const fixture: { day: string; facts: Facts; catalogue: Catalogue; matched: string[] } = JSON.parse(
  readFileSync(new URL('../../tests/catalogue/catalogue_200.json', import.meta.url), 'utf-8'));
const valid = fixture.catalogue.entries.filter((e) => e.valid_from <= fixture.day);
const evaluations = valid.reduce((n, e) => n + 1 + splitConjuncts(e.condition).length, 0);
const cel = celFacts(fixture.facts, fixture.catalogue.facts);

// The tablet proposes what the server proposed for the same facts.
expect(propose(fixture.catalogue, fixture.facts, fixture.day).matches.map((m) => m.code))
  .toEqual(fixture.matched);

describe(`proposal for one household, ${valid.length} entries`, () => {
  bench('propose', () => {
    propose(fixture.catalogue, fixture.facts, fixture.day);
  });
  bench('baseline', () => {
    for (let i = 0; i < evaluations; i++) evaluate('true', cel);
  });
});
