// A folder opened (or a member added) on the tablet offline, refused at sync because the person
// is in another open household (409 person.has_open_folder): the server named only that
// folder's team and reference. Nothing is lost: the change waits until the person sends it
// again (after a transfer, or after the member left that household) or discards it.
import { useState } from 'preact/hooks';
import type { OutboxEntry } from '../../db';
import { formatDateTime, t } from '../../i18n';
import { useApp } from '../../ui/context';
import { href, navigate } from '../../ui/router';
import { ScreenTitle } from '../../ui/ScreenTitle';
import { pendingLine } from './timeline';

/** The person the refused change was about: a folder's head or a new member, as typed. */
function whoLine(entry: OutboxEntry): { title: string; details: string[] } {
  const body = entry.body as Record<string, unknown>;
  const person = (body.head ?? body.member) as Record<string, unknown> | undefined;
  if (!person) return pendingLine(entry);
  const title = body.head ? t('duplicate.openFolder') : t('duplicate.addMember');
  const name = `${String(person.first_name ?? '')} ${String(person.last_name ?? '')}`.trim();
  return { title, details: [name, person.pesel ? `PESEL ${String(person.pesel)}` : ''].filter(Boolean) };
}

export function DuplicateConflict({ entry }: { entry: OutboxEntry }) {
  const { outbox } = useApp();
  const [busy, setBusy] = useState(false);
  const details = entry.last_error?.details ?? {};
  const team = String(details.team_id ?? '—');
  const ref = String(details.folder_id ?? '—');
  const line = whoLine(entry);

  async function act(how: 'again' | 'discard') {
    setBusy(true);
    if (how === 'again') await outbox.sendAgain(entry.command_id);
    else await outbox.discard(entry.command_id);
    navigate(href.home());
  }

  return (
    <main class="screen" data-testid="duplicate-panel">
      <a class="back" href={href.home()}>← {t('common.back')}</a>
      <ScreenTitle>{t('duplicate.title')}</ScreenTitle>
      <p data-testid="duplicate-where">{t('duplicate.explain', { team, ref })}</p>
      <section class="card" aria-labelledby="duplicate-mine-title" data-testid="conflict-mine">
        <h2 id="duplicate-mine-title">{t('conflict.mine')}</h2>
        <p class="muted">{formatDateTime(entry.created_at)}</p>
        <ul class="plain">
          <li>
            <strong>{line.title}</strong>
            {line.details.length > 0 && <p class="line-details">{line.details.join(' · ')}</p>}
          </li>
        </ul>
      </section>
      <p>{t('duplicate.wayOut')}</p>
      <div class="actions-row">
        <button type="button" class="primary" data-testid="duplicate-send-again" disabled={busy} onClick={() => act('again')}>
          {t('duplicate.sendAgain')}
        </button>
        <button type="button" class="danger" data-testid="conflict-discard" disabled={busy} onClick={() => act('discard')}>
          {t('conflict.discard')}
        </button>
      </div>
    </main>
  );
}
