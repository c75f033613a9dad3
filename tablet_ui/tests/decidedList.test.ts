// Finding a decision in the decision maker's list of decisions in progress by its case reference.
import { describe, expect, it } from 'vitest';
import type { Proceeding } from '../src/contract';
import { matchingDecisions } from '../src/roles/decision_maker/DecisionMakerApp';

const row = (id: string, case_reference: string): Proceeding => ({
  proceeding_id: id, version: 3, person_id: 'm', form: 'meal', case_reference, applicant: 'person',
  opened_on: '2026-11-01', status: 'decided', decision_id: `d-${id}`, outcome: 'grant', issued_on: '2026-11-10',
  delivered_on: null, final_on: null,
});

describe('the decisions in progress, searched by case reference', () => {
  const rows = [row('a', 'ZTPS1.8210.7.2026'), row('b', 'ZTPS2.8210.17.2026'), row('c', 'ZTPS1.8210.70.2026')];

  it('keeps those whose reference contains what was typed, ignoring case and spaces', () => {
    expect(matchingDecisions(rows, 'ztps1.8210.7').map((p) => p.proceeding_id)).toEqual(['a', 'c']);
    expect(matchingDecisions(rows, ' 8210.17 ').map((p) => p.proceeding_id)).toEqual(['b']);
    expect(matchingDecisions(rows, 'ZTPS3')).toEqual([]);
  });

  it('shows them all, in the server’s order, when nothing is typed', () => {
    expect(matchingDecisions(rows, '  ')).toEqual(rows);
  });
});
