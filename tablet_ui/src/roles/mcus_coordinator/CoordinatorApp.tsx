// The MCUS coordinator: the live handoff queue (first read, then server-sent events, no
// polling) → an order: the handoff information, accept, assign a caregiver, the weekly
// schedule, acknowledge a change, suspend/resume, close a month and read its report.
import { formatDate, label, t } from '../../i18n';
import { href, useRoute } from '../../ui/router';
import { ScreenTitle } from '../../ui/ScreenTitle';
import { useOutboxEntries } from '../../ui/useOutbox';
import { IssuesBanner, IssuesScreen } from '../shared/common';
import { LiveQueueProvider, useLiveQueue } from './liveQueue';
import { AbsenceForm } from './AbsenceForm';
import { DemandSection } from './DemandSection';
import { OrderScreen } from './OrderScreen';

function QueueScreen() {
  const { rows, connected, error } = useLiveQueue();
  const queued = new Set(useOutboxEntries().map((e) => e.folder_id));
  return (
    <main class="screen">
      <ScreenTitle>{t('mcus.title')}</ScreenTitle>
      <p class={connected ? 'live live-on' : 'live'} data-testid="stream-status" data-state={connected ? 'live' : 'down'}>
        {connected ? t('mcus.live') : t('mcus.reconnecting')}
      </p>
      {error && <p class="error" role="alert" data-testid="view-error">{error}</p>}
      {rows === null && <p class="muted">{t('common.loading')}</p>}
      {rows?.length === 0 && <p>{t('mcus.empty')}</p>}
      <ul class="caseload" data-testid="order-list" aria-live="polite">
        {rows?.map(({ order, isNew, isChanged }) => (
          <li key={order.order_id}>
            <a class={`caseload-row${isNew ? ' row-new' : ''}${isChanged ? ' row-changed' : ''}`} href={href.order(order.order_id)}
              data-testid="order-row" data-order-id={order.order_id} data-new={isNew ? 'true' : 'false'}
              data-changed={isChanged ? 'true' : 'false'} data-status={order.status}>
              <span class="row-main">
                <strong class="row-name">{order.client_name}</strong>
                <span>{order.address_line}</span>
                <span class="muted">{label('form.', order.form)} · {order.case_reference}</span>
              </span>
              <span class="row-meta">
                <span>{label('order.status.', order.status)}</span>
                <span>{t('mcus.placedOn', { date: formatDate(order.placed_on) })}</span>
                {isNew && <span class="badge badge-new">{t('mcus.new')}</span>}
                {isChanged && <span class="badge badge-overdue">{t('mcus.changed')}</span>}
                {order.status === 'waiting' && (
                  <span class="badge badge-pending" data-testid="waiting-badge">{t('mcus.waitingBadge', { n: String(order.waiting_position ?? '?') })}</span>
                )}
                {(order.folder_changes?.length ?? 0) > 0 && <span class="badge badge-overdue" data-testid="folder-changes-badge">{t('order.folderChanges')}</span>}
                {queued.has(order.order_id) && <span class="badge badge-pending">{t('pending.badge')}</span>}
              </span>
            </a>
          </li>
        ))}
      </ul>
      <AbsenceForm />
      <DemandSection />
    </main>
  );
}

export default function CoordinatorApp() {
  const route = useRoute();
  return (
    <LiveQueueProvider>
      {route.name !== 'issues' && <IssuesBanner />}
      {route.name === 'order' ? (
        <OrderScreen key={route.id} orderId={route.id} />
      ) : route.name === 'issues' ? (
        <IssuesScreen />
      ) : (
        <QueueScreen />
      )}
    </LiveQueueProvider>
  );
}
