// A team's workload (issue #21, GET /api/teams/{team}/workload): visits and minutes by
// activity per week, the open folders per social worker against the art. 110 norm; a worker's
// folders on demand (GET /api/teams/{team}/workers/{id}/folders, logged as the manager's
// read), each reassigned to another worker of the team with the existing assignment command.
import { useState } from 'preact/hooks';
import { ACTIVITIES, type TeamWorkload, type WorkerFolder } from '../../contract';
import { assignCommand } from '../../intake';
import { formatDate, label, t } from '../../i18n';
import { useApp } from '../../ui/context';
import { useOutboxEntries } from '../../ui/useOutbox';
import { useView, ViewNote } from '../../ui/useView';
import { ScrollRegion } from '../../ui/ScrollRegion';
import { Section, useAcked } from '../shared/common';

interface Worker {
  worker_id: string;
  display_name: string;
}

function WorkerFolders({ unit, worker, workers }: { unit: string; worker: Worker; workers: Worker[] }) {
  const { views, outbox, notify } = useApp();
  const key = `team:${unit}:worker:${worker.worker_id}:folders`;
  const path = `/api/teams/${encodeURIComponent(unit)}/workers/${encodeURIComponent(worker.worker_id)}/folders`;
  const view = useView<WorkerFolder[]>(key, () => views.refresh(key, path));
  const [chosen, setChosen] = useState<Record<string, string>>({});
  const queued = new Set(useOutboxEntries().filter((e) => e.kind === 'folder_assigned').map((e) => e.folder_id));
  useAcked(null, (position) => void views.refresh(key, path, position).catch(() => undefined));
  const others = workers.filter((w) => w.worker_id !== worker.worker_id);

  async function reassign(row: WorkerFolder) {
    const to = chosen[row.folder_id];
    if (!to) return;
    await outbox.enqueue(assignCommand(row.folder_id, row.version, to));
    notify(t('wl.reassigned', { name: others.find((w) => w.worker_id === to)?.display_name ?? '' }));
  }

  return (
    <div data-testid="worker-folders">
      <h3>{t('wl.foldersOf', { name: worker.display_name })}</h3>
      <p class="muted">{t('wl.logged')}</p>
      <ViewNote view={view} />
      {view.data?.length === 0 && <p>{t('wl.empty')}</p>}
      <ul class="plain">
        {(view.data ?? []).map((row) => (
          <li key={row.folder_id} class="caseload-row" data-testid="worker-folder" data-folder-id={row.folder_id}>
            <span class="row-main">
              <strong class="row-name">{row.head_name ?? t('common.none')}</strong>
              <span class="row-address">{row.address_line}</span>
            </span>
            <span class="row">
              <label for={`re-${row.folder_id}`}>{t('wl.reassignTo')}</label>
              <select id={`re-${row.folder_id}`} data-testid="reassign-worker" value={chosen[row.folder_id] ?? ''}
                onChange={(e) => setChosen({ ...chosen, [row.folder_id]: (e.currentTarget as HTMLSelectElement).value })}>
                <option value="">{t('wl.choose')}</option>
                {others.map((w) => (
                  <option key={w.worker_id} value={w.worker_id}>{w.display_name}</option>
                ))}
              </select>
              <button type="button" class="primary" data-testid="reassign"
                disabled={!chosen[row.folder_id] || queued.has(row.folder_id)} onClick={() => void reassign(row)}>
                {queued.has(row.folder_id) ? t('pending.badge') : t('wl.reassign')}
              </button>
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function WorkloadSection({ unit }: { unit: string }) {
  const { views } = useApp();
  const key = `team:${unit}:workload`;
  const path = `/api/teams/${encodeURIComponent(unit)}/workload`;
  const view = useView<TeamWorkload>(key, () => views.refresh(key, path));
  useAcked(null, (position) => void views.refresh(key, path, position).catch(() => undefined));
  const [open, setOpen] = useState<Worker | null>(null);
  const data = view.data;
  const used = data
    ? [...new Set([...ACTIVITIES, ...data.weeks.flatMap((w) => Object.keys(w.minutes_by_activity))])].filter((k) =>
        data.weeks.some((w) => (w.minutes_by_activity[k] ?? 0) > 0),
      )
    : [];
  return (
    <Section title={t('wl.title')} testid="workload">
      <ViewNote view={view} />
      {data && (
        <>
          <p>{t('mgr.period', { from: formatDate(data.since), to: formatDate(data.until) })}</p>
          <h3>{t('wl.weeks')}</h3>
          {data.weeks.length === 0 ? (
            <p>{t('wl.noWeeks')}</p>
          ) : (
            <ScrollRegion label={t('wl.weeks')}>
              <table class="data" data-testid="workload-weeks">
                <thead>
                  <tr>
                    <th scope="col">{t('wl.week')}</th>
                    <th scope="col">{t('wl.visits')}</th>
                    {used.map((k) => (
                      <th scope="col" key={k}>{label('activity.', k)}</th>
                    ))}
                    <th scope="col">{t('wl.minutes')}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.weeks.map((w) => (
                    <tr key={w.week_start} data-testid="workload-week">
                      <th scope="row">{formatDate(w.week_start)}</th>
                      <td>{w.visits}</td>
                      {used.map((k) => (
                        <td key={k}>{w.minutes_by_activity[k] ?? 0}</td>
                      ))}
                      <td>{w.minutes}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </ScrollRegion>
          )}
          <h3>{t('wl.caseload', { norm: data.families_norm })}</h3>
          <p data-testid="workload-unassigned">{t('wl.unassigned', { count: data.unassigned })}</p>
          <ScrollRegion label={t('wl.caseload', { norm: data.families_norm })}>
            <table class="data" data-testid="workload-caseload">
              <thead>
                <tr>
                  <th scope="col">{t('wl.worker')}</th>
                  <th scope="col">{t('wl.folders')}</th>
                  <th scope="col"><span class="visually-hidden">{t('wl.show')}</span></th>
                </tr>
              </thead>
              <tbody>
                {data.caseload.map((w) => (
                  <tr key={w.worker_id} data-testid="caseload-worker" data-worker-id={w.worker_id}>
                    <th scope="row">{w.display_name}</th>
                    <td class={w.folders > data.families_norm ? 'over-norm' : undefined}>
                      {w.folders}
                      {w.folders > data.families_norm && <> {t('mgr.overNorm')}</>}
                    </td>
                    <td>
                      <button type="button" data-testid="show-worker-folders" aria-pressed={open?.worker_id === w.worker_id}
                        onClick={() => setOpen(open?.worker_id === w.worker_id ? null : w)}>
                        {t('wl.show')}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
          {open && <WorkerFolders key={open.worker_id} unit={unit} worker={open} workers={data.caseload} />}
        </>
      )}
    </Section>
  );
}
