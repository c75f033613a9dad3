// The coordinator's live queue: the first read, then every `event: order` of the stream merged
// in. Pure functions, so the merge rules are tested without a DOM.
import type { Order } from '../../contract';

export interface QueueRow {
  order: Order;
  /** Arrived by the stream after the queue was first read. */
  isNew: boolean;
  /** Changed by the stream since it was read, or flagged changed by the server (amended). */
  isChanged: boolean;
}

export function initialRows(orders: Order[]): QueueRow[] {
  return orders.map((order) => ({ order, isNew: false, isChanged: order.changed }));
}

/** Newest position in the queue: the stream resumes after it, so nothing is missed. */
export function newestPosition(rows: QueueRow[]): number | null {
  let max: number | null = null;
  for (const { order } of rows) if (typeof order.position === 'number' && (max === null || order.position > max)) max = order.position;
  return max;
}

/** One order from the stream: added at the top if new, replaced in place if newer. */
export function mergeOrder(rows: QueueRow[], order: Order): QueueRow[] {
  const index = rows.findIndex((r) => r.order.order_id === order.order_id);
  if (index === -1) return [{ order, isNew: true, isChanged: order.changed }, ...rows];
  const old = rows[index]!;
  if (order.version < old.order.version) return rows; // an older copy (replayed after a reconnect)
  // a change in the client's folder moves the position alone (issue #20): newer if later
  if (order.version === old.order.version && order.position <= old.order.position) return rows;
  const next = rows.slice();
  next[index] = { order, isNew: old.isNew, isChanged: true };
  return next;
}

/** Opening an order: its marks are seen (the server's `changed` stays until acknowledged). */
export function markSeen(rows: QueueRow[], orderId: string): QueueRow[] {
  return rows.map((r) =>
    r.order.order_id === orderId ? { ...r, isNew: false, isChanged: r.order.changed } : r,
  );
}
