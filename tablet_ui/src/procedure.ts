// The course of a proceeding before its decision (KPA): mark it particularly complicated, a
// delay notice with its reason and new date, suspend and resume, discontinue, the party's
// withdrawal. Each is a command on the proceeding, queued in the outbox like the decision;
// the checks here are the ones the person can fix at once (the server checks again).
import { DATE } from './care';
import type { Proceeding } from './contract';
import type { CommandKind } from './db';
import type { MessageKey } from './i18n';
import type { NewCommand } from './outbox';

/** The last part of each command's path: POST /api/proceedings/{id}/<step>. */
export type ProcedureStep = 'complicated' | 'delay-notice' | 'suspension' | 'resumption' | 'discontinuation' | 'withdrawal';

const KINDS: Record<ProcedureStep, CommandKind> = {
  complicated: 'proceeding_complicated',
  'delay-notice': 'delay_notice_issued',
  suspension: 'proceeding_suspended',
  resumption: 'proceeding_resumed',
  discontinuation: 'proceeding_discontinued',
  withdrawal: 'application_withdrawn',
};

/** Steps that say why (the body's `reason`). */
export const WITH_REASON: readonly ProcedureStep[] = ['complicated', 'delay-notice', 'suspension', 'discontinuation'];

/** What may be done while the proceeding waits for a decision, by its state as last read. */
export function procedureSteps(p: Proceeding): ProcedureStep[] {
  if (p.decision_id && p.status !== 'filed') return [];
  if (p.status === 'suspended') return ['resumption', 'discontinuation', 'withdrawal'];
  if (p.status !== 'filed') return [];
  const complicated: ProcedureStep[] = p.complicated ? [] : ['complicated'];
  return [...complicated, 'delay-notice', 'suspension', 'discontinuation', 'withdrawal'];
}

export interface ProcedureInput {
  /** The day it happened. */
  on: string;
  reason: string;
  /** A delay notice's new date for the decision. */
  new_date: string;
}

export type ProcedureField = keyof ProcedureInput;

export function procedureErrors(
  step: ProcedureStep,
  input: ProcedureInput,
  p: Proceeding,
  today: string,
): Partial<Record<ProcedureField, MessageKey>> {
  const e: Partial<Record<ProcedureField, MessageKey>> = {};
  if (!DATE.test(input.on)) e.on = 'decision.err.date';
  else if (input.on < p.opened_on) e.on = 'proc.err.beforeOpening';
  else if (input.on > today) e.on = 'act.err.future';
  if (WITH_REASON.includes(step) && !input.reason.trim()) e.reason = 'act.err.reason';
  if (step === 'delay-notice') {
    if (!DATE.test(input.new_date)) e.new_date = 'decision.err.date';
    else if (input.new_date <= input.on) e.new_date = 'proc.err.newDate';
  }
  return e;
}

export function procedureCommand(p: Proceeding, step: ProcedureStep, input: ProcedureInput): NewCommand {
  const body: Record<string, unknown> = { occurred_at: new Date().toISOString(), on: input.on };
  if (WITH_REASON.includes(step)) body.reason = input.reason.trim();
  if (step === 'delay-notice') body.new_date = input.new_date;
  return {
    command_id: crypto.randomUUID(),
    folder_id: p.proceeding_id,
    path: `/api/proceedings/${encodeURIComponent(p.proceeding_id)}/${step}`,
    kind: KINDS[step],
    seen_version: p.version,
    body,
  };
}
