// Before the decision (KPA): which steps the proceeding's state allows, the checks the decision
// maker hears about before anything is queued, and the bodies the server's schemas take.
import { describe, expect, it } from 'vitest';
import type { Proceeding } from '../src/contract';
import { procedureCommand, procedureErrors, procedureSteps, type ProcedureInput } from '../src/procedure';

const TODAY = '2026-11-25';

function proceeding(patch: Partial<Proceeding> = {}): Proceeding {
  return {
    proceeding_id: 'p1', version: 3, person_id: 'm1', form: 'care_services', case_reference: 'ZTPS1.8210.7.2026',
    applicant: 'person', opened_on: '2026-11-01', status: 'filed', decision_id: null, outcome: null,
    issued_on: null, delivered_on: null, final_on: null, decision_due_on: '2026-12-01', days_left: 6, overdue: false, ...patch,
  };
}

const input = (patch: Partial<ProcedureInput> = {}): ProcedureInput => ({ on: TODAY, reason: '', new_date: '', ...patch });

describe('the steps before a decision', () => {
  it('follows the state: a filed case may be marked, delayed, suspended, discontinued or withdrawn', () => {
    expect(procedureSteps(proceeding())).toEqual(['complicated', 'delay-notice', 'suspension', 'discontinuation', 'withdrawal']);
    expect(procedureSteps(proceeding({ complicated: true }))).not.toContain('complicated');
    expect(procedureSteps(proceeding({ status: 'suspended' }))).toEqual(['resumption', 'discontinuation', 'withdrawal']);
    expect(procedureSteps(proceeding({ status: 'decided', decision_id: 'd1' }))).toEqual([]);
    expect(procedureSteps(proceeding({ status: 'withdrawn' }))).toEqual([]);
  });

  it('needs a date within the proceeding, a reason where the law asks why, and a later new date', () => {
    const p = proceeding();
    expect(procedureErrors('suspension', input(), p, TODAY)).toEqual({ reason: 'act.err.reason' });
    expect(procedureErrors('resumption', input(), p, TODAY)).toEqual({});
    expect(procedureErrors('withdrawal', input({ on: '2026-10-31' }), p, TODAY)).toEqual({ on: 'proc.err.beforeOpening' });
    expect(procedureErrors('complicated', input({ on: '2026-11-26', reason: 'x' }), p, TODAY)).toEqual({ on: 'act.err.future' });
    expect(procedureErrors('delay-notice', input({ reason: 'ZUS', new_date: TODAY }), p, TODAY)).toEqual({ new_date: 'proc.err.newDate' });
    expect(procedureErrors('delay-notice', input({ reason: 'ZUS', new_date: '' }), p, TODAY)).toEqual({ new_date: 'decision.err.date' });
    expect(procedureErrors('delay-notice', input({ reason: 'ZUS', new_date: '2026-12-20' }), p, TODAY)).toEqual({});
  });

  it('queues each step against the version seen, with the fields its schema takes', () => {
    const p = proceeding();
    const notice = procedureCommand(p, 'delay-notice', input({ reason: ' Czekamy na ZUS. ', new_date: '2026-12-20' }));
    expect(notice).toMatchObject({ kind: 'delay_notice_issued', folder_id: 'p1', seen_version: 3,
      path: '/api/proceedings/p1/delay-notice' });
    expect(notice.body).toMatchObject({ on: TODAY, reason: 'Czekamy na ZUS.', new_date: '2026-12-20' });
    const resumed = procedureCommand(p, 'resumption', input({ reason: 'ignored' }));
    expect(resumed.body).not.toHaveProperty('reason');
    expect(resumed.body).not.toHaveProperty('new_date');
    expect(procedureCommand(p, 'withdrawal', input()).kind).toBe('application_withdrawn');
  });
});
