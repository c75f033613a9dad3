// After the decision: which step the proceeding's state allows, the checks the decision maker
// hears about before anything is queued, and the contract bodies of the six commands.
import { describe, expect, it } from 'vitest';
import { emptyCareTerms, emptyCashTerms } from '../src/care';
import type { Proceeding } from '../src/contract';
import { actionCommand, actionErrors, nextActions, type ActionInput, type ProceedingAction } from '../src/decisions';

const TODAY = '2026-11-25';

function proceeding(patch: Partial<Proceeding> = {}): Proceeding {
  return {
    proceeding_id: 'p1', version: 4, person_id: 'm1', form: 'care_services', case_reference: 'ZTPS1.8210.7.2026',
    applicant: 'person', opened_on: '2026-11-01', status: 'decided', decision_id: 'd1', outcome: 'grant',
    issued_on: '2026-11-10', delivered_on: null, final_on: null, ...patch,
  };
}

function input(patch: Partial<ActionInput> = {}): ActionInput {
  return {
    on: TODAY, reason: '', upheld: '',
    care: { ...emptyCareTerms('2026-12-01'), tasks: ['meals'], hours_per_day: '3', hours_per_week: '15', period_to: '2027-05-31',
      hourly_cost: '40', fee_share_percent: '0' },
    cash: { ...emptyCashTerms('2026-12-01'), amount: '600' },
    ...patch,
  };
}

describe('the next step of a decided proceeding', () => {
  it('follows the state: delivery, then the appeal or finality, then the SKO’s ruling', () => {
    expect(nextActions(proceeding({ status: 'decided' }))).toEqual(['delivery', 'amendment', 'revocation']);
    expect(nextActions(proceeding({ status: 'delivered' }))).toEqual(['appeal', 'appeal-waiver', 'finality', 'amendment', 'revocation']);
    expect(nextActions(proceeding({ status: 'appealed' }))).toEqual(['appeal-resolution', 'appeal-change', 'amendment', 'revocation']);
    expect(nextActions(proceeding({ status: 'final' }))).toEqual(['amendment', 'revocation']);
    expect(nextActions(proceeding({ status: 'revoked' }))).toEqual([]);
    expect(nextActions(proceeding({ status: 'filed', decision_id: null }))).toEqual([]);
  });

  it('reads the server’s state: no second appeal once one was filed, nothing after a revocation', () => {
    // the SKO upheld the decision: delivered again, with the appeal's date kept
    expect(nextActions(proceeding({ status: 'delivered', delivered_on: '2026-11-12', appeal_filed_on: '2026-11-20' })))
      .toEqual(['finality', 'amendment', 'revocation']);
    expect(nextActions(proceeding({ status: 'appealed', appeal_filed_on: '2026-11-20' })))
      .toEqual(['appeal-resolution', 'appeal-change', 'amendment', 'revocation']);
    // the SKO changes terms only of a decision that has them
    expect(nextActions(proceeding({ status: 'appealed', outcome: 'refuse' }))).toEqual(['appeal-resolution', 'revocation']);
    expect(nextActions(proceeding({ status: 'delivered', revoked_on: '2026-11-21' }))).toEqual([]);
  });

  it('offers an amendment only for a grant with terms (care or cash)', () => {
    expect(nextActions(proceeding({ outcome: 'refuse' }))).toEqual(['delivery', 'revocation']);
    expect(nextActions(proceeding({ form: 'periodic_allowance' }))).toContain('amendment');
    expect(nextActions(proceeding({ form: 'meal' }))).not.toContain('amendment');
  });
});

describe('the checks before a step is queued', () => {
  it('needs a date not before the decision, nor (for the appeal and finality) before the delivery', () => {
    const delivered = proceeding({ status: 'delivered', delivered_on: '2026-11-12' });
    expect(actionErrors('delivery', input({ on: '' }), proceeding(), TODAY)).toEqual({ on: 'decision.err.date' });
    expect(actionErrors('delivery', input({ on: '2026-11-09' }), proceeding(), TODAY)).toEqual({ on: 'act.err.beforeIssue' });
    expect(actionErrors('appeal', input({ on: '2026-11-11' }), delivered, TODAY)).toEqual({ on: 'act.err.beforeDelivery' });
    expect(actionErrors('finality', input({ on: '2026-11-11' }), delivered, TODAY)).toEqual({ on: 'act.err.beforeDelivery' });
    expect(actionErrors('appeal', input({ on: '2026-11-20' }), delivered, TODAY)).toEqual({});
  });

  it('keeps what already happened out of the future, but lets a change take effect later', () => {
    for (const action of ['delivery', 'appeal', 'appeal-resolution', 'finality'] as ProceedingAction[]) {
      expect(actionErrors(action, input({ on: '2026-11-26', upheld: 'yes' }), proceeding({ delivered_on: '2026-11-12' }), TODAY), action)
        .toEqual({ on: 'act.err.future' });
    }
    expect(actionErrors('revocation', input({ on: '2026-12-01', reason: 'zgon' }), proceeding(), TODAY)).toEqual({});
  });

  it('dates the SKO’s ruling not before the appeal', () => {
    const appealed = proceeding({ status: 'appealed', delivered_on: '2026-11-12', appeal_filed_on: '2026-11-20' });
    expect(actionErrors('appeal-resolution', input({ on: '2026-11-19', upheld: 'no' }), appealed, TODAY)).toEqual({ on: 'act.err.beforeAppeal' });
    expect(actionErrors('appeal-resolution', input({ on: '2026-11-20', upheld: 'no' }), appealed, TODAY)).toEqual({});
  });

  it('needs the reason of an amendment or revocation, and the SKO’s ruling', () => {
    expect(actionErrors('revocation', input({ reason: '  ' }), proceeding(), TODAY)).toEqual({ reason: 'act.err.reason' });
    expect(actionErrors('appeal-resolution', input(), proceeding({ status: 'appealed' }), TODAY)).toEqual({ upheld: 'act.err.upheld' });
  });

  it('checks the new terms of an amendment: care for a care form, cash for a cash form', () => {
    const noCare = input({ reason: 'więcej godzin', care: emptyCareTerms('2026-12-01') });
    expect(Object.keys(actionErrors('amendment', noCare, proceeding(), TODAY))).toEqual(
      expect.arrayContaining(['care.tasks', 'care.hours_per_day', 'care.hourly_cost']),
    );
    expect(actionErrors('amendment', input({ reason: 'więcej godzin' }), proceeding(), TODAY)).toEqual({});
    const cash = proceeding({ form: 'periodic_allowance' });
    expect(actionErrors('amendment', input({ reason: 'nowy dochód', cash: emptyCashTerms('2026-12-01') }), cash, TODAY))
      .toEqual({ 'cash.amount': 'cash.err.amount' });
  });
});

describe('the commands', () => {
  it('go to the proceeding’s own routes, on the version seen, in the outbox under the proceeding', () => {
    const p = proceeding({ status: 'delivered', delivered_on: '2026-11-12' });
    const paths = (['delivery', 'appeal', 'appeal-resolution', 'finality', 'amendment', 'revocation'] as const).map((a) => {
      const c = actionCommand(p, a, input({ reason: 'powód', upheld: 'no' }));
      expect(c.folder_id).toBe('p1');
      expect(c.seen_version).toBe(4);
      return c.path;
    });
    expect(paths).toEqual(['delivery', 'appeal', 'appeal-resolution', 'finality', 'amendment', 'revocation']
      .map((a) => `/api/proceedings/p1/${a}`));
  });

  it('carry the contract’s fields', () => {
    const p = proceeding();
    expect(actionCommand(p, 'delivery', input()).body).toMatchObject({ on: TODAY });
    expect(actionCommand(p, 'appeal-resolution', input({ upheld: 'no' })).body).toMatchObject({ on: TODAY, decision_upheld: false });
    expect(actionCommand(p, 'revocation', input({ reason: ' zgon ' })).body).toMatchObject({ revoked_on: TODAY, reason: 'zgon' });
    const amended = actionCommand(p, 'amendment', input({ reason: 'więcej godzin' })).body;
    expect(amended).toMatchObject({ amended_on: TODAY, reason: 'więcej godzin', care: { hours_per_day: '3.00', hours_per_week: '15.00', tasks: ['meals'] } });
    expect(amended.cash).toBeUndefined();
    const cash = actionCommand(proceeding({ form: 'periodic_allowance' }), 'amendment', input({ reason: 'x' })).body;
    expect(cash).toMatchObject({ cash: { amount: '600.00', installments: 1, period_to: null } });
    expect(cash.care).toBeUndefined();
  });
});

describe('the appeal by post, its waiver and the SKO’s change', () => {
  const delivered = proceeding({ status: 'delivered', delivered_on: '2026-11-12' });

  it('sends the posting date only when given, and refuses one after the date received', () => {
    expect(actionCommand(delivered, 'appeal', input({ on: '2026-11-24' })).body).not.toHaveProperty('posted_on');
    const posted = actionCommand(delivered, 'appeal', input({ on: '2026-11-24', posted_on: '2026-11-20' }));
    expect(posted.body).toMatchObject({ on: '2026-11-24', posted_on: '2026-11-20' });
    expect(posted.path).toBe('/api/proceedings/p1/appeal');
    expect(actionErrors('appeal', input({ on: '2026-11-20', posted_on: '2026-11-21' }), delivered, TODAY))
      .toEqual({ posted_on: 'act.err.postedAfter' });
  });

  it('queues the waiver as a dated step, never in the future', () => {
    const waiver = actionCommand(delivered, 'appeal-waiver', input({ on: '2026-11-20' }));
    expect(waiver).toMatchObject({ kind: 'appeal_waived', path: '/api/proceedings/p1/appeal-waiver', seen_version: 4 });
    expect(waiver.body).toMatchObject({ on: '2026-11-20' });
    expect(actionErrors('appeal-waiver', input({ on: '2026-11-26' }), delivered, TODAY)).toEqual({ on: 'act.err.future' });
  });

  it('sends the SKO’s change with its reason and terms, and needs both', () => {
    const appealed = proceeding({ status: 'appealed', delivered_on: '2026-11-12', appeal_filed_on: '2026-11-20' });
    const change = actionCommand(appealed, 'appeal-change', input({ on: '2026-11-24', reason: 'SKO: 12 h tygodniowo.' }));
    expect(change).toMatchObject({ kind: 'decision_changed_on_appeal', path: '/api/proceedings/p1/appeal-change' });
    expect(change.body).toMatchObject({ on: '2026-11-24', reason: 'SKO: 12 h tygodniowo.' });
    expect(change.body.care).toBeDefined();
    const found = actionErrors('appeal-change', input({ on: '2026-11-24', care: { ...input().care, tasks: [] } }), appealed, TODAY);
    expect(found).toMatchObject({ reason: 'act.err.reason', 'care.tasks': 'care.err.tasks' });
  });
});
