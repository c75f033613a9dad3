// The decision maker: proceedings waiting for a decision → one proceeding → issue the decision
// (with the care terms and the notes for the provider when care services are granted).
import type { Proceeding } from '../../contract';
import { formatDate, label, t } from '../../i18n';
import { useApp } from '../../ui/context';
import { href, useRoute } from '../../ui/router';
import { ScreenTitle } from '../../ui/ScreenTitle';
import { useOutboxEntries } from '../../ui/useOutbox';
import { useView, ViewNote } from '../../ui/useView';
import { IssuesBanner, IssuesScreen, useAcked } from '../shared/common';
import { ProceedingScreen } from './ProceedingScreen';

export const PENDING = 'proceedings:pending';

function PendingScreen() {
  const { views } = useApp();
  const view = useView<Proceeding[]>(PENDING, () => views.refresh(PENDING, '/api/proceedings/pending'));
  useAcked(null, (position) => void views.refresh(PENDING, '/api/proceedings/pending', position).catch(() => undefined));
  const queued = new Set(useOutboxEntries().map((e) => e.folder_id));
  const rows = view.data ?? [];
  return (
    <main class="screen">
      <ScreenTitle>{t('dm.title')}</ScreenTitle>
      <ViewNote view={view} />
      {view.data !== undefined && rows.length === 0 && <p>{t('dm.empty')}</p>}
      <ul class="caseload" data-testid="proceedings-list">
        {rows.map((p) => (
          <li key={p.proceeding_id}>
            <a class="caseload-row" href={href.proceeding(p.proceeding_id)} data-testid="proceeding-row"
              data-proceeding-id={p.proceeding_id}>
              <span class="row-main">
                <strong class="row-name">{p.case_reference}</strong>
                <span>{label('form.', p.form)}</span>
              </span>
              <span class="row-meta">
                <span>{t('dm.openedOn', { date: formatDate(p.opened_on) })}</span>
                <span>{p.applicant ? label('applicant.', p.applicant) : t('dm.exOfficio')}</span>
                {queued.has(p.proceeding_id) && <span class="badge badge-pending">{t('pending.badge')}</span>}
              </span>
            </a>
          </li>
        ))}
      </ul>
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
        <PendingScreen />
      )}
    </>
  );
}
