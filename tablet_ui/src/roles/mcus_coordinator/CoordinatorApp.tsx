// The MCUS coordinator: the live handoff queue (first read, then server-sent events, no
// polling) → an order: the handoff information, accept, assign a caregiver, the weekly
// schedule, acknowledge a change, suspend/resume, close a month and read its report.
import { createContext } from 'preact';
import { useContext, useEffect, useRef, useState } from 'preact/hooks';
import type { Order } from '../../contract';
import { formatDate, label, t } from '../../i18n';
import { openSse } from '../../sse';
import { useApp } from '../../ui/context';
import { errorText } from '../../ui/errors';
import { href, useRoute } from '../../ui/router';
import { ScreenTitle } from '../../ui/ScreenTitle';
import { useOutboxEntries } from '../../ui/useOutbox';
import { IssuesBanner, IssuesScreen } from '../shared/common';
import { OrderScreen } from './OrderScreen';
import { initialRows, markSeen, mergeOrder, newestPosition, type QueueRow } from './queue';

export const QUEUE = 'handoff:queue';

interface LiveQueue {
  rows: QueueRow[] | null;
  connected: boolean;
  error: string | null;
  seen: (orderId: string) => void;
}

const LiveCtx = createContext<LiveQueue>({ rows: null, connected: false, error: null, seen: () => undefined });
export const useLiveQueue = () => useContext(LiveCtx);

function useQueue(): LiveQueue {
  const { views, online, auth } = useApp();
  const [rows, setRows] = useState<QueueRow[] | null>(null);
  const [connected, setConnected] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const rowsRef = useRef<QueueRow[] | null>(null);
  const apply = (next: QueueRow[]) => {
    rowsRef.current = next;
    setRows(next);
    void views.put(QUEUE, next.map((r) => r.order));
  };

  useEffect(() => {
    let stop: (() => void) | null = null;
    let cancelled = false;
    (async () => {
      let first: Order[] | null = null;
      try {
        first = await views.refresh<Order[]>(QUEUE, '/api/handoff/queue');
        setError(null);
      } catch (e) {
        setError(errorText(e));
        const cached = await views.cached(QUEUE);
        first = (cached?.data as Order[] | undefined) ?? null;
      }
      if (cancelled) return;
      // back online: what changed meanwhile is merged in (and marked), not silently replaced
      const start = rowsRef.current ? (first ?? []).reduce(mergeOrder, rowsRef.current) : initialRows(first ?? []);
      rowsRef.current = start;
      setRows(start);
      if (!online) return;
      const position = newestPosition(start);
      const sse = openSse({
        url: '/api/handoff/stream',
        // a reconnect after the access token expired refreshes it instead of giving up
        getToken: auth.token,
        fetch: auth.fetch,
        lastEventId: position === null ? null : String(position),
        onState: setConnected,
        onEvent: (event) => {
          if (event.event !== 'order') return;
          try {
            apply(mergeOrder(rowsRef.current ?? [], JSON.parse(event.data) as Order));
          } catch {
            // a malformed message is skipped; the next one carries the whole order again
          }
        },
      });
      stop = sse.stop;
    })();
    return () => {
      cancelled = true;
      stop?.();
      setConnected(false);
    };
  }, [online]);

  return {
    rows,
    connected,
    error,
    seen: (orderId) => {
      if (rowsRef.current) apply(markSeen(rowsRef.current, orderId));
    },
  };
}

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
                {queued.has(order.order_id) && <span class="badge badge-pending">{t('pending.badge')}</span>}
              </span>
            </a>
          </li>
        ))}
      </ul>
    </main>
  );
}

export default function CoordinatorApp() {
  const route = useRoute();
  const live = useQueue();
  return (
    <LiveCtx.Provider value={live}>
      {route.name !== 'issues' && <IssuesBanner />}
      {route.name === 'order' ? (
        <OrderScreen key={route.id} orderId={route.id} />
      ) : route.name === 'issues' ? (
        <IssuesScreen />
      ) : (
        <QueueScreen />
      )}
    </LiveCtx.Provider>
  );
}
