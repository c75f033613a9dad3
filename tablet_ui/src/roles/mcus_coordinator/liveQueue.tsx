// The coordinator's live handoff queue, shared by the queue and the order screen: the first
// read (or the kept copy), then server-sent events merged in as they come (no polling). A
// module of its own so that CoordinatorApp and OrderScreen both import it, not each other.
import { createContext, type ComponentChildren } from 'preact';
import { useContext, useEffect, useRef, useState } from 'preact/hooks';
import type { Order } from '../../contract';
import { openSse } from '../../sse';
import { useApp } from '../../ui/context';
import { errorText } from '../../ui/errors';
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

/** Reads the queue and keeps it live for every screen below it. */
export function LiveQueueProvider({ children }: { children: ComponentChildren }) {
  return <LiveCtx.Provider value={useQueue()}>{children}</LiveCtx.Provider>;
}
