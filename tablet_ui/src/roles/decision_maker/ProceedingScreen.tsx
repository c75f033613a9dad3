// One proceeding: its state, what is queued for it, and the next step — the decision while it
// waits for one, then the delivery, the appeal, finality, an amendment or a revocation.
import { useState } from 'preact/hooks';
import { ApiError } from '../../api';
import type { Proceeding } from '../../contract';
import { formatDate, label, t } from '../../i18n';
import { useApp } from '../../ui/context';
import { href } from '../../ui/router';
import { ScreenTitle } from '../../ui/ScreenTitle';
import { useLiveQuery } from '../../ui/live';
import { useView, ViewNote } from '../../ui/useView';
import { PendingList, useAcked } from '../shared/common';
import { DecisionActions } from './ActionForms';
import { CaseFacts } from './CaseFacts';
import { DecisionForm } from './DecisionForm';
import { ProcedureActions } from './ProcedureForms';
import { ReclaimActions } from './ReclaimForms';
import { TermFacts } from './Term';

export const proceedingKey = (id: string) => `proceeding:${id}`;
export const proceedingPath = (id: string) => `/api/proceedings/${encodeURIComponent(id)}`;
/** The kept lists a proceeding may be found in when it was never opened on this tablet. */
const LISTS = ['proceedings:decided', 'proceedings:pending'];

/** The proceeding as the kept lists have it (for offline, before its own read is kept). */
function useListed(id: string): Proceeding | undefined {
  const { views } = useApp();
  const [found] = useLiveQuery(async () => {
    for (const key of LISTS) {
      const rows = (await views.cached(key))?.data as Proceeding[] | undefined;
      const row = rows?.find((p) => p.proceeding_id === id);
      if (row) return row;
    }
    return undefined;
  }, [id]);
  return found;
}

export function ProceedingScreen({ proceedingId }: { proceedingId: string }) {
  const { views } = useApp();
  const key = proceedingKey(proceedingId);
  const view = useView<Proceeding>(key, () => views.refresh(key, proceedingPath(proceedingId)));
  const [closed, setClosed] = useState(false);
  // a reclaim or summons sent online: its position, for the reads that must show it
  const [sent, setSent] = useState<number | undefined>(undefined);
  // Read your own write; a proceeding that is no longer open (final, revoked) is no longer
  // readable by a decision maker, so the tablet forgets it too.
  useAcked(proceedingId, (position) =>
    void views.refresh(key, proceedingPath(proceedingId), position).catch((error: unknown) => {
      if (error instanceof ApiError && error.status === 404) {
        setClosed(true);
        void views.forget(key);
      }
    }),
  );
  const listed = useListed(proceedingId);
  // its own read if kept, else its row of a kept list: a decision found offline can be worked on
  const p = view.data ?? listed;
  return (
    <main class="screen" data-testid="proceeding-view" data-proceeding-id={proceedingId} data-status={p?.status}>
      <a class="back" href={href.home()}>← {t('common.back')}</a>
      <ScreenTitle>{p ? p.case_reference : t('decision.title')}</ScreenTitle>
      {!closed && (view.data || !listed) && <ViewNote view={view} />}
      {!closed && !view.data && listed && <p class="cached-note" data-testid="proceeding-from-list">{t('dm.fromList')}</p>}
      <PendingList id={proceedingId} />
      {closed && <p class="notice" data-testid="proceeding-closed">{t('dm.closed')}</p>}
      {p && !closed && (
        <>
          <section class="card">
            <dl class="facts">
              {p.client_name && (
                <>
                  <dt>{t('dm.party')}</dt>
                  <dd data-testid="proceeding-party">{p.client_name}</dd>
                </>
              )}
              <dt>{t('dm.caseReference')}</dt>
              <dd>{p.case_reference}</dd>
              <dt>{t('dm.form')}</dt>
              <dd data-testid="proceeding-form">{label('form.', p.form)}</dd>
              <dt>{t('dm.applicant')}</dt>
              <dd>{p.applicant ? label('applicant.', p.applicant) : t('dm.exOfficio')}</dd>
              <dt>{t('dm.status')}</dt>
              <dd data-testid="proceeding-status">{label('proc.status.', p.status)}</dd>
              <dt>{t('dm.opened')}</dt>
              <dd>{formatDate(p.opened_on)}</dd>
              <TermFacts p={p} />
              {p.decision_id && (
                <>
                  <dt>{t('decision.outcome')}</dt>
                  <dd data-testid="proceeding-outcome">{label('proc.outcome.', p.outcome)}</dd>
                  <dt>{t('decision.issuedOn')}</dt>
                  <dd>{formatDate(p.issued_on)}</dd>
                  {p.reasons && p.reasons.length > 0 && (
                    <>
                      <dt>{t('dm.reasons')}</dt>
                      <dd data-testid="proceeding-reasons">{p.reasons.map((r) => label('reason.', r)).join(', ')}</dd>
                    </>
                  )}
                  <dt>{t('dm.deliveredOn')}</dt>
                  <dd data-testid="proceeding-delivered">{formatDate(p.delivered_on)}</dd>
                  {p.appeal_filed_on && (
                    <>
                      <dt>{t('dm.appealFiledOn')}</dt>
                      <dd data-testid="proceeding-appeal">{formatDate(p.appeal_filed_on)}</dd>
                    </>
                  )}
                  <dt>{t('dm.finalOn')}</dt>
                  <dd>{formatDate(p.final_on)}</dd>
                  {(p.amendments ?? 0) > 0 && (
                    <>
                      <dt>{t('dm.amendments')}</dt>
                      <dd data-testid="proceeding-amendments">{p.amendments}</dd>
                    </>
                  )}
                  {p.revoked_on && (
                    <>
                      <dt>{t('dm.revokedOn')}</dt>
                      <dd data-testid="proceeding-revoked">{formatDate(p.revoked_on)}</dd>
                    </>
                  )}
                </>
              )}
            </dl>
          </section>
          {p.folder_id && <CaseFacts folderId={p.folder_id} proceedingId={p.proceeding_id} after={sent} />}
          <ProcedureActions proceeding={p} />
          <ReclaimActions proceeding={p} onDone={(position) => {
            setSent(position);
            void views.refresh(key, proceedingPath(proceedingId), position).catch(() => undefined);
            if (p.folder_id) void views.refreshFolder(p.folder_id, position).catch(() => undefined);
          }} />
          {p.status === 'suspended' ? null
            : p.status === 'filed' || !p.decision_id ? <DecisionForm proceeding={p} /> : <DecisionActions proceeding={p} />}
        </>
      )}
    </main>
  );
}
