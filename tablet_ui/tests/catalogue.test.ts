// The tablet's side of the catalogue (src/catalogue.ts): the same proposal as the server's for
// the same facts, the facts from the folder, the sentence of a failed check, the forms a
// choice asks applications for, and the decision maker's prefill from a recorded choice.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  applicationForms, comparisonOf, factsOf, peselBirthDate, prefillFromChoice,
  type Catalogue, type Facts,
} from '../src/catalogue';
import { propose } from '../src/catalogueRules';

const fixture: { day: string; facts: Facts; catalogue: Catalogue; matched: string[] } = JSON.parse(
  readFileSync(new URL('../../tests/catalogue/catalogue_200.json', import.meta.url), 'utf-8'));

describe('proposals on the tablet', () => {
  it('propose the entries the server proposed for the same facts and catalogue version', () => {
    const proposal = propose(fixture.catalogue, fixture.facts, fixture.day);
    expect(proposal.matches.map((m) => m.code)).toEqual(fixture.matched);
    expect(proposal.catalogue_version).toBe(fixture.catalogue.version);
  });

  it('say why an income above the criterion misses the permanent allowance', () => {
    // the seed's entries only (the bench's variants crowd the eight nearest misses)
    const seed = { ...fixture.catalogue, entries: fixture.catalogue.entries.filter((e) => !/\.v\d+$/.test(e.code)) };
    const proposal = propose(seed, fixture.facts, fixture.day);
    const miss = proposal.near_misses.find((m) => m.code === 'cash.permanent');
    const failed = miss!.checks.filter((c) => !c.held);
    expect(failed).toHaveLength(1);
    const sentence = comparisonOf(failed[0]!);
    expect(sentence).toEqual({
      left: { fact: 'income_per_person', value: 1050, text: 'income_per_person' },
      op: '>',
      right: { fact: 'criterion', value: 1010, text: 'criterion' },
    });
  });

  it('use no entry outside its validity', () => {
    const proposal = propose(fixture.catalogue, fixture.facts, '2024-12-31');
    expect(proposal.matches).toEqual([]);
  });

  it('build the folder facts as the server does, the income unknown offline', () => {
    const facts = factsOf({
      members: [{ member_id: 'a', pesel: '44051401458' }, { member_id: 'b', birth_date: '2015-06-01' }],
      person_id: 'a', homeless: false, sections: ['J', 'A', 'H', 'I'],
    }, '2026-12-05', { reasons: ['5'], disability: 'severe', findings: ['needs_daily_help'] }, null);
    expect(facts).toMatchObject({
      age: 82, household_size: 2, living_alone: false, children: 1, seniors: 1,
      income_per_person: null, interview_sections: ['A', 'H', 'I', 'J'], reasons: ['5'],
    });
    expect(peselBirthDate('04231115629')).toBe('2004-03-11');
  });

  it('ask applications only for the chosen services granted by decision, a package by its services', () => {
    expect(applicationForms(fixture.catalogue, fixture.day, ['pkg.senior-after-hospital', 'social-work']))
      .toEqual(['care_services', 'meal', 'day_care_home']);
  });

  it('prefill the decision from the latest choice that picked the proceeding form', () => {
    const timeline = [
      { kind: 'visit_recorded', details: {} },
      { kind: 'services_proposed', details: { person_id: 'p', chosen: ['pkg.senior-after-hospital'], reasons: ['5', '6'] } },
    ];
    expect(prefillFromChoice(timeline, fixture.catalogue, { person_id: 'p', form: 'care_services' }))
      .toEqual({ reasons: ['5', '6'], legal_basis: 'art. 50 ust. 1–3 u.p.s.', code: 'care.home',
        name: 'Usługi opiekuńcze w miejscu zamieszkania' });
    expect(prefillFromChoice(timeline, fixture.catalogue, { person_id: 'p', form: 'periodic_allowance' })).toBeNull();
    expect(prefillFromChoice(timeline, fixture.catalogue, { person_id: 'other', form: 'care_services' })).toBeNull();
  });
});
