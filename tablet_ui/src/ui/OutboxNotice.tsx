// The outbox's notice: what the tablet's queued changes really are, not a promise made at the
// moment of saving. Waiting (offline: saved here, will be sent; online: being sent), sent (a
// moment after the last one went through), failed (the server did not take one); nothing at
// all otherwise, so it never stays behind on the next screen.
import { useEffect, useState } from 'preact/hooks';
import type { OutboxEntry } from '../db';
import { t } from '../i18n';
import { useApp } from './context';
import { useOutboxEntries } from './useOutbox';

export type OutboxNoticeState = 'waiting' | 'sent' | 'failed' | null;

/** How long "sent" shows after the last waiting change went through. */
export const SENT_SHOWN_MS = 3000;

/** The notice's state from the outbox's entries and when a change was last accepted. */
export function outboxNoticeState(entries: OutboxEntry[], lastSentAt: number | null, now: number): OutboxNoticeState {
  if (entries.some((e) => e.status === 'failed' || e.status === 'conflict')) return 'failed';
  if (entries.some((e) => e.status === 'pending' || e.status === 'sending')) return 'waiting';
  if (lastSentAt !== null && now - lastSentAt < SENT_SHOWN_MS) return 'sent';
  return null;
}

export function OutboxNotice() {
  const { outbox, online } = useApp();
  const entries = useOutboxEntries();
  const [lastSentAt, setLastSentAt] = useState<number | null>(null);
  const [now, setNow] = useState(() => Date.now());
  useEffect(
    () =>
      outbox.subscribe((event) => {
        if (event.type !== 'acked') return;
        const at = Date.now();
        setLastSentAt(at);
        setNow(at);
      }),
    [outbox],
  );
  // "sent" goes by itself after a moment
  useEffect(() => {
    if (lastSentAt === null) return;
    const timer = setTimeout(() => setNow(Date.now()), SENT_SHOWN_MS);
    return () => clearTimeout(timer);
  }, [lastSentAt]);

  const state = outboxNoticeState(entries, lastSentAt, now);
  if (state === null) return null;
  const waiting = entries.filter((e) => e.status === 'pending' || e.status === 'sending').length;
  const failed = entries.filter((e) => e.status === 'failed' || e.status === 'conflict').length;
  const text =
    state === 'failed'
      ? t('outbox.failed', { n: failed })
      : state === 'waiting'
        ? t(online ? 'outbox.waitingOnline' : 'outbox.waitingOffline', { n: waiting })
        : t('outbox.sent');
  return (
    <p class={`outbox-notice outbox-${state}`} role={state === 'failed' ? 'alert' : 'status'} data-testid="outbox-notice" data-state={state}>
      {text}
    </p>
  );
}
