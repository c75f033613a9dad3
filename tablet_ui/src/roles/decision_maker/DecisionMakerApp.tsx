// The decision maker: proceedings waiting for a decision, and the decided ones still open that
// this tablet knows → one proceeding → the decision, then its delivery, appeal, finality,
// amendment or revocation.
import { useEffect } from 'preact/hooks';
import { ApiError } from '../../api';
import type { Proceeding } from '../../contract';
import { formatDate, label, t } from '../../i18n';
import { useApp } from '../../ui/context';
import { useLiveQuery } from '../../ui/live';
import { href, useRoute } from '../../ui/router';
import { ScreenTitle } from '../../ui/ScreenTitle';
import { useOutboxEntries } from '../../ui/useOutbox';
import { useView, ViewNote } from '../../ui/useView';
import { IssuesBanner, IssuesScreen, useAcked } from '../shared/common';
import { proceedingKey, proceedingPath, ProceedingScreen } from './ProceedingScreen';

export const PENDING = 'proceedings:pending';

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

/**
 * Decided proceedings this person opened on this tablet and that are still open (delivery,
 * appeal and finality come days later). Re-read when the list shows; one no longer readable
 * (final or revoked) is dropped. The API has no list of decided proceedings yet.
 */
function useOpenDecisions(): Proceeding[] {
  const { views, online } = useApp();
  const [kept, loaded] = useLiveQuery(() => views.cachedWithPrefix(proceedingKey('')), []);
  const decided = (kept ?? []).map((v) => v.data as Proceeding).filter((p) => p?.decision_id && p.status !== 'filed');
  useEffect(() => {
    if (!loaded || !online) return;
    for (const p of decided) {
      const key = proceedingKey(p.proceeding_id);
      views.refresh(key, proceedingPath(p.proceeding_id)).catch((error: unknown) => {
        if (error instanceof ApiError && error.status === 404) void views.forget(key);
      });
    }
  }, [loaded, online]);
  return decided.sort((a, b) => (b.issued_on ?? '').localeCompare(a.issued_on ?? ''));
}

function HomeScreen() {
  const { views } = useApp();
  const view = useView<Proceeding[]>(PENDING, () => views.refresh(PENDING, '/api/proceedings/pending'));
  useAcked(null, (position, { folder_id: id }) => {
    void views.refresh(PENDING, '/api/proceedings/pending', position).catch(() => undefined);
    // a decision just issued moves its proceeding to the decided list
    void views.refresh(proceedingKey(id), proceedingPath(id), position).catch(() => undefined);
  });
  const queued = new Set(useOutboxEntries().map((e) => e.folder_id));
  const rows = view.data ?? [];
  const pendingIds = new Set(rows.map((p) => p.proceeding_id));
  const decided = useOpenDecisions().filter((p) => !pendingIds.has(p.proceeding_id));
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
      {decided.length > 0 && (
        <section aria-labelledby="dm-decided">
          <h2 id="dm-decided">{t('dm.decidedTitle')}</h2>
          <p class="muted">{t('dm.decidedNote')}</p>
          <ul class="caseload" data-testid="decided-list">
            {decided.map((p) => (
              <ProceedingRow key={p.proceeding_id} p={p} queued={queued.has(p.proceeding_id)} />
            ))}
          </ul>
        </section>
      )}
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
