// A queued change met a newer folder version on the server (409 version.stale). Nothing is
// merged silently: the person sees their change beside the folder as it is now and decides.
// A change refused because its person is in another open household has a panel of its own
// (DuplicateConflict.tsx).
import { useEffect, useState } from 'preact/hooks';
import type { ClientView } from '../../contract';
import { formatDateTime, t } from '../../i18n';
import { useApp } from '../../ui/context';
import { errorText } from '../../ui/errors';
import { useLiveQuery } from '../../ui/live';
import { href, navigate } from '../../ui/router';
import { ScreenTitle } from '../../ui/ScreenTitle';
import { CONTRACT_KINDS } from '../../socialContracts';
import { useFolderOf } from './contractFolders';
import { DuplicateConflict } from './DuplicateConflict';
import { HAS_OPEN_FOLDER } from '../../outbox';
import { lineDate, pendingLine, timelineLines, type TimelineLine } from './timeline';

function LineCard({ line }: { line: TimelineLine }) {
  return (
    <li>
      <strong>{line.title}</strong>
      {line.date && <span class="muted"> · {lineDate(line)}</span>}
      {line.details.length > 0 && <p class="line-details">{line.details.join(' · ')}</p>}
    </li>
  );
}

export function ConflictScreen({ commandId }: { commandId: string }) {
  const { outbox, views, online } = useApp();
  const [entry, loaded] = useLiveQuery(() => outbox.get(commandId), [commandId]);
  const [server, setServer] = useState<ClientView | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  // a social contract's close is queued under the contract; its folder is shown beside it
  const folderId = useFolderOf(entry);
  const ofContract = !!entry && CONTRACT_KINDS.includes(entry.kind);
  const back = folderId ? href.folder(folderId) : href.home();
  const duplicate = entry?.last_error?.code === HAS_OPEN_FOLDER;

  useEffect(() => {
    if (!folderId || duplicate) return;
    setError(null);
    // Fetched fresh, not from the tablet's copy: the decision is made against the server's state.
    views.refreshFolder(folderId).then(setServer, setError);
  }, [folderId, online]);

  if (!loaded) return <main class="screen"><p class="muted">{t('common.loading')}</p></main>;
  if (!entry || entry.status !== 'conflict') {
    return (
      <main class="screen">
        <ScreenTitle>{t('conflict.title')}</ScreenTitle>
        <p data-testid="conflict-gone">{t('conflict.gone')}</p>
        <a class="button" href={back}>{t('common.back')}</a>
      </main>
    );
  }

  if (duplicate) return <DuplicateConflict entry={entry} />;

  async function apply() {
    if (!server || !entry) return;
    setBusy(true);
    // the folder's version, or for a contract's command the contract's (from the refusal)
    await outbox.applyOnTop(entry.command_id, ofContract ? entry.conflict_version ?? server.version : server.version);
    navigate(back);
  }

  async function discard() {
    if (!entry) return;
    setBusy(true);
    await outbox.discard(entry.command_id);
    navigate(back);
  }

  return (
    <main class="screen" data-testid="conflict-panel">
      <a class="back" href={back}>← {t('common.back')}</a>
      <ScreenTitle>{t('conflict.title')}</ScreenTitle>
      <p>{t('conflict.explain')}</p>
      <div class="side-by-side">
        <section class="card" aria-labelledby="conflict-mine-title" data-testid="conflict-mine">
          <h2 id="conflict-mine-title">{t('conflict.mine')}</h2>
          <p class="muted">
            {t('conflict.basedOn', { v: entry.body.expected_version ?? '—' })} · {formatDateTime(entry.created_at)}
          </p>
          <ul class="plain">
            <LineCard line={pendingLine(entry)} />
          </ul>
        </section>
        <section class="card" aria-labelledby="conflict-theirs-title" data-testid="conflict-theirs">
          <h2 id="conflict-theirs-title">{t('conflict.theirs')}</h2>
          {server ? (
            <>
              <p class="muted" data-testid="conflict-server-version">{t('conflict.serverVersion', { v: server.version })}</p>
              <ul class="plain">
                {timelineLines(server.timeline ?? []).slice(0, 8).map((line) => (
                  <LineCard key={line.key} line={line} />
                ))}
              </ul>
            </>
          ) : (
            <p class={error ? 'error' : 'muted'} role={error ? 'alert' : undefined}>
              {error ? `${errorText(error)} ${t('conflict.needOnline')}` : t('common.loading')}
            </p>
          )}
        </section>
      </div>
      <div class="actions-row">
        <button type="button" class="primary" data-testid="conflict-apply" disabled={!server || busy} onClick={apply}>
          {t('conflict.apply')}
        </button>
        <button type="button" class="danger" data-testid="conflict-discard" disabled={busy} onClick={discard}>
          {t('conflict.discard')}
        </button>
      </div>
    </main>
  );
}
