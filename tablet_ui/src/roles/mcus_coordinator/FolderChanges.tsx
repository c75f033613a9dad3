// What changed in the client's folder since the coordinator last looked (issue #20): the
// address, the household, an interview's date, an amended decision — as the provider may
// know them — until she acknowledges them (one command: seen up to the newest change).
// And, for an order waiting for a place, its place in the queue and expected start.
import type { FolderChange, Order } from '../../contract';
import { formatHours } from '../../format';
import { formatDate, label, t, type MessageKey } from '../../i18n';

export function changeText(change: FolderChange): string {
  const d = change.detail as Record<string, unknown>;
  const key = `order.change.${change.kind}` as MessageKey;
  switch (change.kind) {
    case 'address':
      return t(key, { address: String(d.address_line ?? ''), before: String(d.before ?? '') });
    case 'member_joined':
      return t(key, {
        relation: label('relation.', String(d.relation ?? '')),
        age: typeof d.age === 'number' ? t('order.change.age', { age: String(d.age) }) : '',
      });
    case 'decision_amended':
      return t(key, { hours: formatHours(String(d.hours_per_week ?? '')), to: formatDate(String(d.period_to ?? '')) });
    default:
      return t(key);
  }
}

export function FolderChanges({ order, onSeen }: { order: Order; onSeen: (upTo: number) => void }) {
  const changes = order.folder_changes ?? [];
  if (changes.length === 0) return null;
  const newest = Math.max(...changes.map((c) => c.position));
  return (
    <section class="notice" data-testid="folder-changes" aria-live="polite">
      <h2>{t('order.folderChanges')}</h2>
      <ul>
        {changes.map((change) => (
          <li key={change.position} data-testid="folder-change" data-kind={change.kind}>
            <span class="muted">{formatDate(change.on)}</span> {changeText(change)}
          </li>
        ))}
      </ul>
      <button type="button" class="primary" data-testid="folder-changes-seen" onClick={() => onSeen(newest)}>
        {t('order.folderChangesSeen')}
      </button>
    </section>
  );
}

export function WaitingNote({ order }: { order: Order }) {
  if (order.status !== 'waiting') return null;
  return (
    <div class="notice" data-testid="order-waiting" data-position={order.waiting_position ?? ''}>
      <p>{t('order.waitingNote', { n: String(order.waiting_position ?? '?') })}</p>
      <p data-testid="order-expected-start" data-date={order.expected_start ?? ''}>
        {order.expected_start ? t('order.expectedStart', { date: formatDate(order.expected_start) }) : t('order.expectedUnknown')}
      </p>
      <p class="muted">{t('order.expectedHow')}</p>
    </div>
  );
}
