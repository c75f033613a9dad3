import type { CaseloadRow } from '../../contract';
import { formatDate, t } from '../../i18n';
import { useApp } from '../../ui/context';
import { href } from '../../ui/router';
import { ScreenTitle } from '../../ui/ScreenTitle';
import { useOutboxEntries } from '../../ui/useOutbox';
import { useView, ViewNote } from '../../ui/useView';
import { CASELOAD } from '../../views';
import { waitingFolders } from '../../intake';
import { useLoadScreensWhen } from './later';

export function CaseloadScreen() {
  const { views } = useApp();
  const view = useView<CaseloadRow[]>(CASELOAD, () => views.refreshCaseload());
  const entries = useOutboxEntries();
  const waiting = new Map<string, number>();
  for (const entry of entries) waiting.set(entry.folder_id, (waiting.get(entry.folder_id) ?? 0) + 1);
  // A folder opened on this tablet is on the list at once, marked, until the server has it.
  const opened = waitingFolders(entries, view.data ?? []);
  const rows = view.data ?? [];
  useLoadScreensWhen(view.data !== undefined);

  return (
    <main class="screen">
      <ScreenTitle>{t('caseload.title')}</ScreenTitle>
      <div class="actions-row">
        <a class="button primary" href={href.newFolder()} data-testid="new-folder-button">
          {t('newFolder.button')}
        </a>
        <a class="button" href={href.search()} data-testid="open-search">{t('search.open')}</a>
      </div>
      <ViewNote view={view} />
      {view.data !== undefined && rows.length === 0 && opened.length === 0 && <p>{t('caseload.empty')}</p>}
      <ul class="caseload" data-testid="caseload-list">
        {opened.map((row) => (
          <li key={row.folder_id}>
            <div class="caseload-row waiting" data-testid="caseload-row" data-folder-id={row.folder_id} data-waiting="true">
              <span class="row-main">
                <strong class="row-name">{row.head_name}</strong>
                <span class="row-address">{row.address_line}</span>
              </span>
              <span class="row-meta">
                <span class="badge badge-pending" data-testid="caseload-waiting">
                  {t('newFolder.waiting')}
                </span>
                {/* Not on the server yet, so no folder screen: what can be queued after it. */}
                <a class="button small" href={href.newMember(row.folder_id)} data-testid="waiting-add-member">{t('household.add')}</a>
                <a class="button small" href={href.application(row.folder_id)} data-testid="waiting-application">{t('apply.button')}</a>
              </span>
            </div>
          </li>
        ))}
        {rows.map((row) => (
          <li key={row.folder_id}>
            <a class="caseload-row" href={href.folder(row.folder_id)} data-testid="caseload-row" data-folder-id={row.folder_id}>
              <span class="row-main">
                <strong class="row-name">{row.head_name}</strong>
                <span class="row-address">{row.address_line}</span>
              </span>
              <span class="row-meta">
                <span>
                  {row.last_visit_on ? t('caseload.lastVisit', { date: formatDate(row.last_visit_on) }) : t('caseload.noVisit')}
                </span>
                {row.interview_due_on && !row.interview_overdue && (
                  <span>{t('caseload.interviewDue', { date: formatDate(row.interview_due_on) })}</span>
                )}
                {row.interview_overdue && (
                  <span class="badge badge-overdue" data-testid="overdue-badge">
                    {t('caseload.overdue')}
                    {row.interview_due_on && ` · ${formatDate(row.interview_due_on)}`}
                  </span>
                )}
                {(row.alerts ?? 0) > 0 && (
                  <span class="badge badge-alert" data-testid="alerts-badge">
                    {t('folder.alerts', { n: row.alerts! })}
                  </span>
                )}
                {waiting.has(row.folder_id) && (
                  <span class="badge badge-pending" data-testid="caseload-pending">
                    {t('caseload.pending', { n: waiting.get(row.folder_id)! })}
                  </span>
                )}
              </span>
            </a>
          </li>
        ))}
      </ul>
    </main>
  );
}
