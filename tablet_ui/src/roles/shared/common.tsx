// Pieces the decision maker's, coordinator's, caregiver's and manager's screens share: field
// errors, the banner and screen for queued commands the server did not take, and a hook that
// re-reads a view once the outbox has delivered a command about it (read your own write).
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import type { OutboxEntry } from '../../db';
import type { OutboxEvent } from '../../outbox';
import { t, type MessageKey } from '../../i18n';
import { useApp } from '../../ui/context';
import { errorInfoText } from '../../ui/errors';
import { href } from '../../ui/router';
import { ScreenTitle } from '../../ui/ScreenTitle';
import { useOutboxEntries } from '../../ui/useOutbox';

export function FieldError({ id, error }: { id: string; error?: MessageKey | null }) {
  return error ? (
    <p id={id} class="field-error">
      {t(error)}
    </p>
  ) : null;
}

/** aria attributes for a field with an error shown under it. */
export const invalidProps = (id: string, error?: MessageKey | null) =>
  error ? { 'aria-invalid': true as const, 'aria-describedby': `${id}-error` } : {};

export type AckedEvent = Extract<OutboxEvent, { type: 'acked' }>;

/** Calls `onAck(position, event)` when a command about `id` (a proceeding/order id; any if null) was accepted. */
export function useAcked(id: string | null, onAck: (position: number, event: AckedEvent) => void): void {
  const { outbox } = useApp();
  // the latest callback, so it sees the screen's current state
  const latest = useRef(onAck);
  latest.current = onAck;
  useEffect(
    () =>
      outbox.subscribe((event) => {
        if (event.type === 'acked' && (id === null || event.folder_id === id)) latest.current(event.position, event);
      }),
    [outbox, id],
  );
}

/** Queued commands of this item (pending, conflict, failed), shown where the person works. */
export function PendingList({ id }: { id: string }) {
  const entries = useOutboxEntries(id);
  if (entries.length === 0) return null;
  return (
    <ul class="plain pending-list">
      {entries.map((e) => (
        <IssueRow key={e.command_id} entry={e} />
      ))}
    </ul>
  );
}

function IssueRow({ entry }: { entry: OutboxEntry }) {
  const { outbox } = useApp();
  const waiting = entry.status === 'pending' || entry.status === 'sending';
  return (
    <li class="timeline-item pending" data-testid="timeline-item" data-status={entry.status}>
      <strong>{t(`kind.${entry.kind}` as MessageKey)}</strong>{' '}
      {waiting && <span class="badge badge-pending" data-testid="pending-badge">{t('pending.badge')}</span>}
      {entry.status === 'conflict' && (
        <div class="row">
          <span class="badge badge-conflict" data-testid="conflict-badge">{t('pending.conflict')}</span>
          <span>{t('issues.conflictExplain', { v: entry.conflict_version ?? '?' })}</span>
          {entry.conflict_version !== null && entry.conflict_version !== undefined && (
            <button type="button" data-testid="conflict-apply"
              onClick={() => void outbox.applyOnTop(entry.command_id, entry.conflict_version!)}>
              {t('issues.retry')}
            </button>
          )}
          <button type="button" class="danger" data-testid="conflict-discard" onClick={() => void outbox.discard(entry.command_id)}>
            {t('conflict.discard')}
          </button>
        </div>
      )}
      {entry.status === 'failed' && (
        <div class="row">
          <span class="badge badge-failed" data-testid="failed-badge">{t('pending.failed')}</span>
          {entry.last_error && <span data-testid="failed-message">{errorInfoText(entry.last_error)}</span>}
          <button type="button" class="danger" data-testid="failed-discard" onClick={() => void outbox.discard(entry.command_id)}>
            {t('pending.discard')}
          </button>
        </div>
      )}
    </li>
  );
}

/** Every role: a change the server did not take waits for the person, on every screen. */
export function IssuesBanner() {
  const stuck = useOutboxEntries().filter((e) => e.status === 'conflict' || e.status === 'failed');
  if (stuck.length === 0) return null;
  return (
    <div class="banner banner-conflict" role="alert" data-testid="attention-banner">
      <span>{stuck[0]!.status === 'conflict' ? t('pending.conflict') : t('pending.failed')}</span>
      <a class="button" href={href.issues()}>
        {t('common.show')}
      </a>
    </div>
  );
}

export function IssuesScreen() {
  const entries = useOutboxEntries();
  return (
    <main class="screen">
      <a class="back" href={href.home()}>← {t('common.back')}</a>
      <ScreenTitle>{t('issues.title')}</ScreenTitle>
      {entries.length === 0 && <p>{t('issues.empty')}</p>}
      <ul class="plain">
        {entries.map((e) => (
          <IssueRow key={e.command_id} entry={e} />
        ))}
      </ul>
    </main>
  );
}

export function Section({ title, children, testid }: { title: string; children: ComponentChildren; testid?: string }) {
  const id = `s-${title.replace(/\W+/g, '-')}`;
  return (
    <section class="card" aria-labelledby={id} data-testid={testid}>
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}
