import type { ComponentChildren } from 'preact';
import type { OutboxEntry } from '../../db';
import { t } from '../../i18n';
import { useApp } from '../../ui/context';
import { DocumentDownload } from '../../ui/DocumentDownload';
import { errorInfoText } from '../../ui/errors';
import { href } from '../../ui/router';
import { lineDate, pendingLine, timelineLines, type TimelineLine } from './timeline';
import type { Member, TimelineItem } from '../../contract';

function Line({ line, children }: { line: TimelineLine; children?: ComponentChildren }) {
  return (
    <>
      <div class="line-head">
        <strong>{line.title}</strong>
        {line.date && <span class="muted"> · {lineDate(line)}</span>}
      </div>
      {line.details.length > 0 && <p class="line-details">{line.details.join(' · ')}</p>}
      {line.document && <DocumentDownload document={line.document} />}
      {children}
    </>
  );
}

function PendingItem({ entry, members }: { entry: OutboxEntry; members: Member[] }) {
  const { outbox } = useApp();
  const line = pendingLine(entry, members);
  return (
    <li class={`timeline-item pending status-${entry.status}`} data-testid="timeline-item" data-status={entry.status}>
      <Line line={line}>
        {(entry.status === 'pending' || entry.status === 'sending') && (
          // "sending" is still waiting as far as the person is concerned (it may not get through)
          <span class="badge badge-pending" data-testid="pending-badge">
            {t('pending.badge')}
          </span>
        )}
        {entry.status === 'conflict' && (
          <div class="row">
            <span class="badge badge-conflict" data-testid="conflict-badge">{t('pending.conflict')}</span>
            <a class="button" href={href.conflict(entry.command_id)} data-testid="conflict-resolve">
              {t('pending.resolve')}
            </a>
          </div>
        )}
        {entry.status === 'failed' && (
          <div class="row">
            <span class="badge badge-failed" data-testid="failed-badge">{t('pending.failed')}</span>
            {entry.last_error && (
              <p class="error" role="alert" data-testid="failed-message">
                {errorInfoText(entry.last_error)}
              </p>
            )}
            <button type="button" class="danger" data-testid="failed-discard" onClick={() => void outbox.discard(entry.command_id)}>
              {t('pending.discard')}
            </button>
          </div>
        )}
      </Line>
    </li>
  );
}

/** Newest first: the person's commands not yet on the server on top, then the server's timeline. */
export function Timeline({ items, pending, members = [] }: { items: TimelineItem[]; pending: OutboxEntry[]; members?: Member[] }) {
  const lines = timelineLines(items, members);
  if (lines.length === 0 && pending.length === 0) return <p class="muted">{t('folder.timelineEmpty')}</p>;
  return (
    <ol class="timeline" data-testid="timeline">
      {[...pending].reverse().map((entry) => (
        <PendingItem key={entry.command_id} entry={entry} members={members} />
      ))}
      {lines.map((line) => (
        <li key={line.key} class="timeline-item" data-testid="timeline-item">
          <Line line={line} />
        </li>
      ))}
    </ol>
  );
}
