// Two people for powerful changes: an account or a role that reads case content, asked for
// by IT, takes effect only once a manager of the unit confirms it here (#/staff-requests).
// Confirming is done online, not through the outbox: giving someone access to clients'
// data is a decision the manager sees take effect, never one left queued on a tablet.
import { useState } from 'preact/hooks';
import { formatDateTime, label, t } from '../../i18n';
import { useApp } from '../../ui/context';
import { errorText } from '../../ui/errors';
import { ScreenTitle } from '../../ui/ScreenTitle';
import { useView, ViewNote } from '../../ui/useView';
import { Section } from '../shared/common';
import { ScrollRegion } from '../../ui/ScrollRegion';

export interface StaffRequest {
  user_id: string;
  version: number;
  username: string;
  display_name: string;
  kind: 'creation' | 'role_change';
  role: string;
  unit: string;
  previous_role: string | null;
  previous_unit: string | null;
  status: 'pending' | 'confirmed' | 'rejected' | 'withdrawn' | 'on_server';
  requested_by: string | null;
  requested_by_name: string | null;
  requested_at: string;
  decided_by: string | null;
  decided_by_name: string | null;
  decided_at: string | null;
}

const KEY = 'staff-requests';
const PATH = '/api/user-requests';
type Decision = 'confirmation' | 'rejection';

function RequestCard({ row, onDecided }: { row: StaffRequest; onDecided: (position: number) => void }) {
  const { api } = useApp();
  const [busy, setBusy] = useState<Decision | null>(null);
  const [error, setError] = useState<unknown>(null);

  async function decide(decision: Decision) {
    setBusy(decision);
    setError(null);
    try {
      const done = await api.request<{ position: number }>(
        'POST',
        `/api/user-requests/${encodeURIComponent(row.user_id)}/${decision}`,
        { command_id: crypto.randomUUID(), expected_version: row.version },
      );
      onDecided(done.position);
    } catch (err) {
      setError(err);
      setBusy(null);
    }
  }

  const what =
    row.kind === 'creation'
      ? t('staffreq.newAccount')
      : t('staffreq.roleChange', {
          from: `${label('role.', row.previous_role ?? '')} (${row.previous_unit ?? ''})`,
        });
  return (
    <li class="card staff-request" data-testid="staff-request" data-username={row.username}>
      <h3>
        {row.display_name} <span class="muted mono">{row.username}</span>
      </h3>
      <p>{what}</p>
      <dl class="facts">
        <dt>{t('staffreq.role')}</dt>
        <dd>
          <strong>{label('role.', row.role)}</strong> — {row.unit}
        </dd>
        <dt>{t('staffreq.requestedAt')}</dt>
        <dd>
          {formatDateTime(row.requested_at)} — {row.requested_by_name ?? t('staffreq.operator')}
        </dd>
      </dl>
      <p class="muted">{t('staffreq.explain')}</p>
      {error !== null && (
        <p class="error" role="alert" data-testid="staff-request-error">
          {errorText(error)}
        </p>
      )}
      <div class="staff-request-actions">
        <button class="primary" data-testid="staff-request-confirm" disabled={busy !== null} onClick={() => decide('confirmation')}>
          {busy === 'confirmation' ? t('staffreq.busy') : t('staffreq.confirm')}
        </button>
        <button data-testid="staff-request-reject" disabled={busy !== null} onClick={() => decide('rejection')}>
          {busy === 'rejection' ? t('staffreq.busy') : t('staffreq.reject')}
        </button>
      </div>
    </li>
  );
}

export function StaffRequestsScreen() {
  const { user, views, notify } = useApp();
  const view = useView<StaffRequest[]>(KEY, () => views.refresh(KEY, PATH));
  const rows = view.data ?? [];
  const pending = rows.filter((r) => r.status === 'pending');
  const decided = rows.filter((r) => r.status !== 'pending');

  // Read your own decision: the list again once it includes the decision's position.
  async function decided_(position: number) {
    notify(t('staffreq.saved'));
    await views.refresh(KEY, PATH, position);
  }

  return (
    <>
      <ScreenTitle>{t('staffreq.title', { unit: user.unit })}</ScreenTitle>
      <Section title={t('staffreq.pending')} testid="staff-requests-pending">
        <ViewNote view={view} />
        {view.data !== undefined && pending.length === 0 && <p data-testid="staff-requests-none">{t('staffreq.none')}</p>}
        <ul class="staff-requests">
          {pending.map((row) => (
            <RequestCard key={`${row.user_id}:${row.version}`} row={row} onDecided={decided_} />
          ))}
        </ul>
      </Section>
      <Section title={t('staffreq.history')} testid="staff-requests-history">
        {decided.length === 0 ? (
          <p>{t('staffreq.noHistory')}</p>
        ) : (
          <ScrollRegion label={t('staffreq.history')}>
            <table class="data">
              <thead>
                <tr>
                  <th scope="col">{t('staffreq.person')}</th>
                  <th scope="col">{t('staffreq.role')}</th>
                  <th scope="col">{t('staffreq.requestedAt')}</th>
                  <th scope="col">{t('staffreq.status')}</th>
                  <th scope="col">{t('staffreq.decidedAt')}</th>
                </tr>
              </thead>
              <tbody>
                {decided.map((r) => (
                  <tr key={`${r.user_id}:${r.requested_at}`} data-testid="staff-request-done">
                    <th scope="row">{r.display_name}</th>
                    <td>
                      {label('role.', r.role)} — {r.unit}
                    </td>
                    <td>
                      {formatDateTime(r.requested_at)} — {r.requested_by_name ?? t('staffreq.operator')}
                    </td>
                    <td>{label('staffreq.status.', r.status)}</td>
                    <td>{r.decided_at ? `${formatDateTime(r.decided_at)} — ${r.decided_by_name ?? ''}` : '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
        )}
      </Section>
    </>
  );
}
