// The access log for people (issue #21): who of the unit read whose data, when (Warsaw time),
// in which view and why, in Polish; consecutive reads of the same folder by the same person as
// one line with ×N (every read is still its own entry on the server); filters by worker,
// folder, days and purpose; the CSV export. The manager's own reads of the log are logged and
// left out unless asked for.
import { useState } from 'preact/hooks';
import { ApiError, NetworkError } from '../../api';
import { fetchFile } from '../../documents';
import { formatDateTime, label, t } from '../../i18n';
import { PURPOSES } from '../../i18n/audit';
import { saveFile } from '../../download';
import { useApp } from '../../ui/context';
import { errorText } from '../../ui/errors';
import { useView, ViewNote } from '../../ui/useView';
import { Section } from '../shared/common';
import { accessQuery, NO_FILTERS, periodProblem, type AccessFilters, type AccessLine } from './accessLog';
import { ScrollRegion } from '../../ui/ScrollRegion';

interface TeamWorker {
  user_id: string;
  display_name: string;
}

function FolderCell({ line, onPick }: { line: AccessLine; onPick: (line: AccessLine) => void }) {
  if (!line.folder_id) return <>{line.client_name ?? t('common.none')}</>;
  if (!line.client_name) return <>{t('audit.otherTeam', { team: line.folder_team ?? '?' })}</>;
  return (
    <button type="button" class="link" data-testid="access-folder" title={t('audit.showFolder')}
      onClick={() => onPick(line)}>
      {line.client_name} <span class="muted">({line.folder_team})</span>
    </button>
  );
}

export function AccessLogSection({ unit }: { unit: string }) {
  const { views, auth } = useApp();
  const [filters, setFilters] = useState<AccessFilters>(NO_FILTERS);
  const [exportError, setExportError] = useState<string | null>(null);
  const problem = periodProblem(filters);
  const query = accessQuery(filters);
  const key = `audit:lines${query}`;
  const path = `/api/audit/access/lines${query}`;
  const view = useView<AccessLine[]>(key, () => (problem ? Promise.resolve() : views.refresh(key, path)));
  const workersKey = `team:${unit}:workers`;
  const workers = useView<TeamWorker[]>(workersKey, () => views.refresh(workersKey, `/api/teams/${encodeURIComponent(unit)}/workers`));
  const rows = problem ? [] : view.data ?? [];
  const set = (change: Partial<AccessFilters>) => setFilters((f) => ({ ...f, ...change }));
  const value = (e: Event) => (e.currentTarget as HTMLInputElement).value;

  async function download(path: string, accept: string, fallback: string) {
    setExportError(null);
    try {
      const file = await fetchFile(auth.fetch, auth.token(), path, accept, fallback);
      saveFile(file.blob, file.filename);
    } catch (err) {
      setExportError(err instanceof ApiError || err instanceof NetworkError ? errorText(err) : t('audit.exportFailed'));
    }
  }

  return (
    <Section title={t('mgr.access')} testid="access-log">
      <fieldset class="access-filters" aria-label={t('audit.filters')}>
        <label>
          {t('audit.worker')}
          <select data-testid="access-worker" value={filters.viewerId} onChange={(e) => set({ viewerId: value(e) })}>
            <option value="">{t('audit.anyWorker')}</option>
            {(workers.data ?? []).map((w) => (
              <option key={w.user_id} value={w.user_id}>{w.display_name}</option>
            ))}
          </select>
        </label>
        <label>
          {t('audit.since')}
          <input type="date" data-testid="access-since" value={filters.since} onChange={(e) => set({ since: value(e) })} />
        </label>
        <label>
          {t('audit.until')}
          <input type="date" data-testid="access-until" value={filters.until} onChange={(e) => set({ until: value(e) })} />
        </label>
        <label>
          {t('mgr.purpose')}
          <select data-testid="access-purpose" value={filters.purpose} onChange={(e) => set({ purpose: value(e) })}>
            <option value="">{t('audit.anyPurpose')}</option>
            {PURPOSES.map((p) => (
              <option key={p} value={p}>{label('audit.purpose.', p)}</option>
            ))}
          </select>
        </label>
        <label class="check">
          <input type="checkbox" data-testid="access-include-log-reads" checked={filters.withLogReads}
            onChange={(e) => set({ withLogReads: (e.currentTarget as HTMLInputElement).checked })} />
          {t('mgr.includeLogReads')}
        </label>
        <button type="button" data-testid="access-export" onClick={() => void download(`/api/audit/access/export.csv${query}`, 'text/csv', 'rejestr-dostepu.csv')} disabled={problem !== null}>
          {t('audit.export')}
        </button>
      </fieldset>
      {filters.folderId && (
        <p class="access-folder-filter">
          {t('audit.folderFilter', { name: filters.folderName })}{' '}
          <button type="button" class="link" data-testid="access-clear-folder"
            onClick={() => set({ folderId: '', folderName: '' })}>{t('audit.clearFolder')}</button>{' '}
          <button type="button" data-testid="access-letter"
            onClick={() => void download(`/api/folders/${encodeURIComponent(filters.folderId)}/access-report.pdf`, 'application/pdf', 'dostep-do-danych.pdf')}>
            {t('audit.letter')}
          </button>
        </p>
      )}
      {problem && <p class="error" role="alert" data-testid="access-period-problem">{t(problem === 'reversed' ? 'audit.periodReversed' : 'audit.periodTooLong')}</p>}
      {exportError && <p class="error" role="alert">{exportError}</p>}
      {!problem && <ViewNote view={view} />}
      <p class="muted">{t('audit.timeZone')}</p>
      {!problem && view.data !== undefined && rows.length === 0 && <p>{t('mgr.accessEmpty')}</p>}
      {rows.length > 0 && (
        <ScrollRegion label={t('mgr.access')}>
          <table class="data" data-testid="access-table">
            <thead>
              <tr>
                <th scope="col">{t('mgr.when')}</th>
                <th scope="col">{t('mgr.who')}</th>
                <th scope="col">{t('mgr.what')}</th>
                <th scope="col">{t('mgr.purpose')}</th>
                <th scope="col">{t('mgr.folder')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={`${r.viewer_id}:${r.first_at}:${r.folder_id ?? r.person_id}`} data-testid="access-row" data-view={r.view}
                  data-folder-id={r.folder_id ?? undefined} data-count={r.count}>
                  <td>
                    <span data-testid="access-time">{formatDateTime(r.last_at)}</span>
                    {r.count > 1 && (
                      <span class="count-badge" data-testid="access-count"
                        title={t('audit.timesLabel', { count: r.count, first: formatDateTime(r.first_at), last: formatDateTime(r.last_at) })}>
                        {' '}{t('audit.times', { count: r.count })}
                      </span>
                    )}
                  </td>
                  <td>
                    {r.viewer_name ?? r.viewer_id} <span class="muted">({label('role.', r.viewer_role)})</span>
                  </td>
                  <td>{label('audit.view.', r.view)}</td>
                  <td>{label('audit.purpose.', r.purpose)}</td>
                  <td>
                    <FolderCell line={r} onPick={(l) => set({ folderId: l.folder_id ?? '', folderName: l.client_name ?? '' })} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
    </Section>
  );
}
