// The decision maker: proceedings waiting for a decision, and the decided ones still open (from
// the server, so a decision issued last week or on another tablet is found) → one proceeding →
// the decision, then its delivery, appeal, finality, amendment or revocation.
import { useState } from 'preact/hooks';
import type { Proceeding } from '../../contract';
import type { OutboxEntry } from '../../db';
import { formatDate, label, t, type MessageKey } from '../../i18n';
import { errorInfoText } from '../../ui/errors';
import { useApp } from '../../ui/context';
import { href, useRoute } from '../../ui/router';
import { ScreenTitle } from '../../ui/ScreenTitle';
import { useOutboxEntries } from '../../ui/useOutbox';
import { useView, ViewNote } from '../../ui/useView';
import { IssuesScreen, useAcked } from '../shared/common';
import { proceedingKey, proceedingPath, ProceedingScreen } from './ProceedingScreen';
import { TermBadge } from './Term';

export const PENDING = 'proceedings:pending';
/** Decided proceedings still open (decided, delivered, appealed), newest first, at most 200. */
export const DECIDED = 'proceedings:decided';
export const PENDING_PATH = '/api/proceedings/pending';
export const DECIDED_PATH = '/api/proceedings/decided';

/** What the outbox holds for a proceeding: nothing, a command waiting, or one the server refused. */
type Queued = 'pending' | OutboxEntry;

/** Per proceeding: the first refused command (status `failed` or `conflict`), else 'pending'. */
function queuedBy(entries: OutboxEntry[]): Map<string, Queued> {
  const by = new Map<string, Queued>();
  for (const e of entries) {
    const stuck = e.status === 'failed' || e.status === 'conflict';
    if (stuck && typeof by.get(e.folder_id) !== 'object') by.set(e.folder_id, e);
    else if (!by.has(e.folder_id)) by.set(e.folder_id, 'pending');
  }
  return by;
}

/** Why the server did not take a command: its own message (Polish or English), or a conflict. */
function refusalText(entry: OutboxEntry): string {
  if (entry.status === 'conflict') return t('issues.conflictExplain', { v: entry.conflict_version ?? '?' });
  return entry.last_error ? errorInfoText(entry.last_error) : t('pending.failed');
}

function QueuedBadge({ queued }: { queued: Queued | undefined }) {
  if (!queued) return null;
  if (queued === 'pending') return <span class="badge badge-pending">{t('pending.badge')}</span>;
  return (
    <>
      <span class="badge badge-failed" data-testid="row-refused">
        {t('dm.refused', { kind: t(`kind.${queued.kind}` as MessageKey) })}
      </span>
      <span class="error" data-testid="row-refused-reason">{refusalText(queued)}</span>
    </>
  );
}

/** A command the server refused waits for the decision maker, on every screen, with its reason
 * and a way to the proceeding (its queued commands, to discard or send again). */
function RefusalBanner() {
  const stuck = useOutboxEntries().find((e) => e.status === 'failed' || e.status === 'conflict');
  if (!stuck) return null;
  return (
    <div class="banner banner-conflict" role="alert" data-testid="attention-banner">
      <span data-testid="refusal-reason">
        {t('dm.refused', { kind: t(`kind.${stuck.kind}` as MessageKey) })}: {refusalText(stuck)}
      </span>
      <a class="button" href={href.proceeding(stuck.folder_id)} data-testid="refusal-open">{t('common.show')}</a>
    </div>
  );
}

function ProceedingRow({ p, queued }: { p: Proceeding; queued: Queued | undefined }) {
  return (
    <li>
      <a class="caseload-row" href={href.proceeding(p.proceeding_id)} data-testid="proceeding-row"
        data-proceeding-id={p.proceeding_id} data-status={p.status}>
        <span class="row-main">
          <strong class="row-name" data-testid="row-party">{p.client_name ?? p.case_reference}</strong>
          <span>{p.client_name ? `${p.case_reference} · ` : ''}{label('form.', p.form)}</span>
        </span>
        <span class="row-meta">
          {p.decision_id ? (
            <>
              <span>{label('proc.status.', p.status)} · {label('proc.outcome.', p.outcome)}</span>
              <span>{t('dm.issued', { date: formatDate(p.issued_on) })}</span>
              {p.appeal_filed_on && <span>{t('dm.appealOn', { date: formatDate(p.appeal_filed_on) })}</span>}
            </>
          ) : (
            <>
              <span>{t('dm.openedOn', { date: formatDate(p.opened_on) })}</span>
              <span>{p.applicant ? label('applicant.', p.applicant) : t('dm.exOfficio')}</span>
              <TermBadge p={p} />
            </>
          )}
          <QueuedBadge queued={queued} />
        </span>
      </a>
    </li>
  );
}

/** The proceedings whose case reference or party's name contains what the person typed
 * (spaces and case ignored). */
export function matchingDecisions(rows: Proceeding[], query: string): Proceeding[] {
  const q = query.replace(/\s+/g, '').toLowerCase();
  const has = (text: string | null | undefined) => (text ?? '').replace(/\s+/g, '').toLowerCase().includes(q);
  return q ? rows.filter((p) => has(p.case_reference) || has(p.client_name)) : rows;
}

function DecidedSection({ pendingIds, queued }: { pendingIds: Set<string>; queued: Map<string, Queued> }) {
  const { views } = useApp();
  const view = useView<Proceeding[]>(DECIDED, () => views.refresh(DECIDED, DECIDED_PATH));
  const [query, setQuery] = useState('');
  // one the server still lists as pending (a decision queued here, not yet sent) shows there
  const rows = (view.data ?? []).filter((p) => !pendingIds.has(p.proceeding_id));
  const shown = matchingDecisions(rows, query);
  return (
    <section aria-labelledby="dm-decided" data-testid="decided-section">
      <h2 id="dm-decided">{t('dm.decidedTitle')}</h2>
      <p class="muted">{t('dm.decidedNote')}</p>
      <ViewNote view={view} />
      {view.data !== undefined && rows.length === 0 && <p>{t('dm.decidedEmpty')}</p>}
      {rows.length > 0 && (
        <label class="filter">
          {t('dm.decidedFilter')}
          <input type="search" data-testid="decided-filter" value={query}
            onInput={(e) => setQuery((e.currentTarget as HTMLInputElement).value)} />
        </label>
      )}
      {rows.length > 0 && shown.length === 0 && <p data-testid="decided-none">{t('dm.decidedNone', { q: query })}</p>}
      <ul class="caseload" data-testid="decided-list">
        {shown.map((p) => (
          <ProceedingRow key={p.proceeding_id} p={p} queued={queued.get(p.proceeding_id)} />
        ))}
      </ul>
    </section>
  );
}

function HomeScreen() {
  const { views } = useApp();
  const view = useView<Proceeding[]>(PENDING, () => views.refresh(PENDING, PENDING_PATH));
  useAcked(null, (position, { folder_id: id }) => {
    // read your own write: a decision moves its proceeding from one list to the other
    void views.refresh(PENDING, PENDING_PATH, position).catch(() => undefined);
    void views.refresh(DECIDED, DECIDED_PATH, position).catch(() => undefined);
    void views.refresh(proceedingKey(id), proceedingPath(id), position).catch(() => undefined);
  });
  const queued = queuedBy(useOutboxEntries());
  const rows = view.data ?? [];
  const pendingIds = new Set(rows.map((p) => p.proceeding_id));
  return (
    <main class="screen">
      <ScreenTitle>{t('dm.title')}</ScreenTitle>
      <ViewNote view={view} />
      {view.data !== undefined && rows.length === 0 && <p>{t('dm.empty')}</p>}
      <ul class="caseload" data-testid="proceedings-list">
        {rows.map((p) => (
          <ProceedingRow key={p.proceeding_id} p={p} queued={queued.get(p.proceeding_id)} />
        ))}
      </ul>
      <DecidedSection pendingIds={pendingIds} queued={queued} />
    </main>
  );
}

export default function DecisionMakerApp() {
  const route = useRoute();
  return (
    <>
      {route.name !== 'issues' && <RefusalBanner />}
      {route.name === 'proceeding' ? (
        <ProceedingScreen key={route.id} proceedingId={route.id} />
      ) : route.name === 'issues' ? (
        <IssuesScreen />
      ) : (
        <HomeScreen />
      )}
    </>
  );
}
