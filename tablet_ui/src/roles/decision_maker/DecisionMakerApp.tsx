// The decision maker: proceedings waiting for a decision, and the decided ones still open (from
// the server, so a decision issued last week or on another tablet is found) → one proceeding →
// the decision, then its delivery, appeal, finality, amendment or revocation.
import { useState } from 'preact/hooks';
import type { Proceeding } from '../../contract';
import { formatDate, label, t } from '../../i18n';
import { useApp } from '../../ui/context';
import { href, useRoute } from '../../ui/router';
import { ScreenTitle } from '../../ui/ScreenTitle';
import { useOutboxEntries } from '../../ui/useOutbox';
import { useView, ViewNote } from '../../ui/useView';
import { IssuesBanner, IssuesScreen, useAcked } from '../shared/common';
import { proceedingKey, proceedingPath, ProceedingScreen } from './ProceedingScreen';

export const PENDING = 'proceedings:pending';
/** Decided proceedings still open (decided, delivered, appealed), newest first, at most 200. */
export const DECIDED = 'proceedings:decided';
export const PENDING_PATH = '/api/proceedings/pending';
export const DECIDED_PATH = '/api/proceedings/decided';

function ProceedingRow({ p, queued }: { p: Proceeding; queued: boolean }) {
  return (
    <li>
      <a class="caseload-row" href={href.proceeding(p.proceeding_id)} data-testid="proceeding-row"
        data-proceeding-id={p.proceeding_id} data-status={p.status}>
        <span class="row-main">
          <strong class="row-name">{p.case_reference}</strong>
          <span>{label('form.', p.form)}</span>
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
            </>
          )}
          {queued && <span class="badge badge-pending">{t('pending.badge')}</span>}
        </span>
      </a>
    </li>
  );
}

/** The case references that contain what the person typed (spaces and case ignored). */
export function matchingDecisions(rows: Proceeding[], query: string): Proceeding[] {
  const q = query.replace(/\s+/g, '').toLowerCase();
  return q ? rows.filter((p) => p.case_reference.replace(/\s+/g, '').toLowerCase().includes(q)) : rows;
}

function DecidedSection({ pendingIds, queued }: { pendingIds: Set<string>; queued: Set<string> }) {
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
          <ProceedingRow key={p.proceeding_id} p={p} queued={queued.has(p.proceeding_id)} />
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
  const queued = new Set(useOutboxEntries().map((e) => e.folder_id));
  const rows = view.data ?? [];
  const pendingIds = new Set(rows.map((p) => p.proceeding_id));
  return (
    <main class="screen">
      <ScreenTitle>{t('dm.title')}</ScreenTitle>
      <ViewNote view={view} />
      {view.data !== undefined && rows.length === 0 && <p>{t('dm.empty')}</p>}
      <ul class="caseload" data-testid="proceedings-list">
        {rows.map((p) => (
          <ProceedingRow key={p.proceeding_id} p={p} queued={queued.has(p.proceeding_id)} />
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
      {route.name !== 'issues' && <IssuesBanner />}
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
