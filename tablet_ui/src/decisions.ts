// After the decision: record its delivery, the appeal to the SKO and the SKO's ruling, that it
// became final, amend its terms or revoke it. Each is a command on the proceeding, queued in the
// outbox like every other; the checks here are the ones the person can fix at once (the server
// checks again, with the appeal deadline and the holidays).
import {
  DATE,
  careBody,
  cashBody,
  isCareForm,
  isCashForm,
  termsErrors,
  type CareField,
  type CareTermsInput,
  type CashField,
  type CashTermsInput,
} from './care';
import type { Proceeding } from './contract';
import type { CommandKind } from './db';
import type { MessageKey } from './i18n';
import type { NewCommand } from './outbox';

/** The last part of each command's path: POST /api/proceedings/{id}/<action>. */
export type ProceedingAction =
  | 'delivery'
  | 'appeal'
  | 'appeal-resolution'
  | 'finality'
  | 'amendment'
  | 'revocation'
  /** The party waives the appeal (KPA art. 127a): final that day. */
  | 'appeal-waiver'
  /** The SKO changes the decision itself (KPA art. 138 § 1 pkt 2): new terms, with a reason. */
  | 'appeal-change';

const KINDS: Record<ProceedingAction, CommandKind> = {
  delivery: 'decision_delivered',
  appeal: 'appeal_filed',
  'appeal-resolution': 'appeal_resolved',
  finality: 'decision_final',
  amendment: 'decision_amended',
  revocation: 'decision_revoked',
  'appeal-waiver': 'appeal_waived',
  'appeal-change': 'decision_changed_on_appeal',
};

/** Dated on the day itself: a delivery, an appeal, a ruling or finality cannot be in the future. */
const NOT_IN_FUTURE: readonly ProceedingAction[] = ['delivery', 'appeal', 'appeal-resolution', 'finality', 'appeal-waiver', 'appeal-change'];

/** Steps that carry terms (care or cash) and a reason. */
export const WITH_TERMS: readonly ProceedingAction[] = ['amendment', 'appeal-change'];

/** Whether a granting decision of this form has terms that can be amended (care or cash). */
export const amendable = (p: Proceeding): boolean => p.outcome === 'grant' && (isCareForm(p.form) || isCashForm(p.form));

/**
 * What may be done next, by the proceeding's state as the server last told it. A proceeding
 * still `filed` (or whose decision the SKO set aside) needs a decision first; a revoked one
 * needs nothing more. An appeal is filed once: after the SKO upheld the decision the status is
 * `delivered` again, but with `appeal_filed_on` set, so only finality is left (KPA art. 129).
 */
export function nextActions(p: Proceeding): ProceedingAction[] {
  if (!p.decision_id || p.revoked_on || p.status === 'revoked') return [];
  const change: ProceedingAction[] = amendable(p) ? ['amendment', 'revocation'] : ['revocation'];
  switch (p.status) {
    case 'decided':
      return ['delivery', ...change];
    case 'delivered':
      return p.appeal_filed_on ? ['finality', ...change] : ['appeal', 'appeal-waiver', 'finality', ...change];
    case 'appealed':
      return amendable(p) ? ['appeal-resolution', 'appeal-change', ...change] : ['appeal-resolution', ...change];
    case 'final':
      return change;
    default:
      return [];
  }
}

export interface ActionInput {
  /** The day it happened (or, for an amendment or revocation, the day it takes effect). */
  on: string;
  reason: string;
  upheld: '' | 'yes' | 'no';
  /** An appeal sent by post: the day it was posted (counts for the 14 days, KPA art. 57 § 5). */
  posted_on?: string;
  care: CareTermsInput;
  cash: CashTermsInput;
}

export type ActionField = 'on' | 'reason' | 'upheld' | 'posted_on' | CareField | CashField;

export function actionErrors(
  action: ProceedingAction,
  input: ActionInput,
  p: Proceeding,
  today: string,
): Partial<Record<ActionField, MessageKey>> {
  const e: Partial<Record<ActionField, MessageKey>> = {};
  if (!DATE.test(input.on)) e.on = 'decision.err.date';
  else if (p.issued_on && input.on < p.issued_on) e.on = 'act.err.beforeIssue';
  else if ((action === 'appeal' || action === 'finality') && p.delivered_on && input.on < p.delivered_on) {
    e.on = 'act.err.beforeDelivery';
  } else if (action === 'appeal-resolution' && p.appeal_filed_on && input.on < p.appeal_filed_on) {
    e.on = 'act.err.beforeAppeal';
  } else if (NOT_IN_FUTURE.includes(action) && input.on > today) e.on = 'act.err.future';
  if ((action === 'amendment' || action === 'revocation' || action === 'appeal-change') && !input.reason.trim()) e.reason = 'act.err.reason';
  const posted = input.posted_on?.trim();
  if (action === 'appeal' && posted) {
    if (!DATE.test(posted)) e.posted_on = 'decision.err.date';
    else if (DATE.test(input.on) && posted > input.on) e.posted_on = 'act.err.postedAfter';
  }
  if (action === 'appeal-resolution' && input.upheld !== 'yes' && input.upheld !== 'no') e.upheld = 'act.err.upheld';
  return WITH_TERMS.includes(action) ? { ...e, ...termsErrors(p.form, input.care, input.cash) } : e;
}

export function actionCommand(p: Proceeding, action: ProceedingAction, input: ActionInput): NewCommand {
  const body: Record<string, unknown> = { occurred_at: new Date().toISOString() };
  if (action === 'amendment') {
    body.amended_on = input.on;
    body.reason = input.reason.trim();
    if (isCareForm(p.form)) body.care = careBody(input.care);
    if (isCashForm(p.form)) body.cash = cashBody(input.cash);
  } else if (action === 'revocation') {
    body.revoked_on = input.on;
    body.reason = input.reason.trim();
  } else if (action === 'appeal-change') {
    body.on = input.on;
    body.reason = input.reason.trim();
    if (isCareForm(p.form)) body.care = careBody(input.care);
    if (isCashForm(p.form)) body.cash = cashBody(input.cash);
  } else {
    body.on = input.on;
    if (action === 'appeal-resolution') body.decision_upheld = input.upheld === 'yes';
    if (action === 'appeal' && input.posted_on?.trim()) body.posted_on = input.posted_on.trim();
  }
  return {
    command_id: crypto.randomUUID(),
    folder_id: p.proceeding_id,
    path: `/api/proceedings/${encodeURIComponent(p.proceeding_id)}/${action}`,
    kind: KINDS[action],
    seen_version: p.version,
    body,
  };
}
