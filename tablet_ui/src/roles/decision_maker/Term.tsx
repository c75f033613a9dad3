// The KPA term of a proceeding waiting for a decision (art. 35-36): a badge with the days left
// (or how late it is), and the facts of the term on the proceeding's screen.
import type { Proceeding } from '../../contract';
import { formatDate, t } from '../../i18n';

/** A term this close counts as near: the badge warns. */
const NEAR_DAYS = 7;

export function TermBadge({ p }: { p: Proceeding }) {
  if (p.status === 'suspended') {
    return <span class="badge badge-pending" data-testid="term-badge" data-term="suspended">{t('term.suspended')}</span>;
  }
  if (p.days_left === null || p.days_left === undefined) return null;
  if (p.overdue) {
    return (
      <span class="badge badge-overdue" data-testid="term-badge" data-term="overdue" data-days={p.days_left}>
        {t('term.overdue', { n: -p.days_left })}
      </span>
    );
  }
  const near = p.days_left <= NEAR_DAYS;
  return (
    <span class={`badge ${near ? 'badge-pending' : 'badge-done'}`} data-testid="term-badge" data-term={near ? 'near' : 'open'}
      data-days={p.days_left}>
      {p.days_left === 0 ? t('term.today') : t('term.daysLeft', { n: p.days_left })}
    </span>
  );
}

/** The term's facts, for the proceeding's `<dl class="facts">`. */
export function TermFacts({ p }: { p: Proceeding }) {
  if (p.decision_id && p.status !== 'filed' && p.status !== 'suspended') return null;
  return (
    <>
      <dt>{t('term.due')}</dt>
      <dd data-testid="term-due">
        {p.status === 'suspended' ? t('term.stopped', { date: formatDate(p.suspended_on) }) : formatDate(p.decision_due_on)}{' '}
        <TermBadge p={p} />
        {p.complicated && <span class="muted"> · {t('term.complicated')}</span>}
      </dd>
      {p.delayed_to && (
        <>
          <dt>{t('term.delayedTo')}</dt>
          <dd data-testid="term-delayed-to">{formatDate(p.delayed_to)}</dd>
        </>
      )}
    </>
  );
}
