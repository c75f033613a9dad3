// "Nowe sprawy": the team's open folders without a worker (registered at first contact, or
// transferred in), each given to one of the team's social workers (FolderAssignedToWorker).
import { useState } from 'preact/hooks';
import { assignCommand } from '../../intake';
import { t } from '../../i18n';
import { useApp } from '../../ui/context';
import { useOutboxEntries } from '../../ui/useOutbox';
import { useView, ViewNote } from '../../ui/useView';
import { Section, useAcked } from '../shared/common';

interface Arrival {
  folder_id: string;
  version: number;
  team_id: string;
  head_name: string | null;
  address_line: string;
  status: string;
}

interface TeamWorker {
  user_id: string;
  display_name: string;
}

export function NewArrivalsSection({ unit }: { unit: string }) {
  const { views, outbox, notify } = useApp();
  const key = `team:${unit}:new-arrivals`;
  const path = `/api/teams/${encodeURIComponent(unit)}/new-arrivals`;
  const view = useView<Arrival[]>(key, () => views.refresh(key, path));
  const workersKey = `team:${unit}:workers`;
  const workers = useView<TeamWorker[]>(workersKey, () => views.refresh(workersKey, `/api/teams/${encodeURIComponent(unit)}/workers`));
  const [chosen, setChosen] = useState<Record<string, string>>({});
  const queued = new Set(useOutboxEntries().filter((e) => e.kind === 'folder_assigned').map((e) => e.folder_id));
  useAcked(null, (position) => void views.refresh(key, path, position).catch(() => undefined));
  const rows = view.data ?? [];

  async function assign(row: Arrival) {
    const workerId = chosen[row.folder_id];
    if (!workerId) return;
    await outbox.enqueue(assignCommand(row.folder_id, row.version, workerId));
    const name = workers.data?.find((w) => w.user_id === workerId)?.display_name ?? '';
    notify(t('arrivals.assigned', { name }));
  }

  return (
    <Section title={t('arrivals.title')} testid="new-arrivals">
      <ViewNote view={view} />
      {view.data !== undefined && rows.length === 0 && <p>{t('arrivals.empty')}</p>}
      <ul class="plain">
        {rows.map((row) => (
          <li key={row.folder_id} class="caseload-row" data-testid="arrival-row" data-folder-id={row.folder_id}>
            <span class="row-main">
              <strong class="row-name">{row.head_name ?? t('common.none')}</strong>
              <span class="row-address">{row.address_line}</span>
            </span>
            <span class="row">
              <label for={`arr-${row.folder_id}`}>{t('arrivals.worker')}</label>
              <select id={`arr-${row.folder_id}`} data-testid="arrival-worker" value={chosen[row.folder_id] ?? ''}
                onChange={(e) => setChosen({ ...chosen, [row.folder_id]: (e.currentTarget as HTMLSelectElement).value })}>
                <option value="">{t('arrivals.choose')}</option>
                {(workers.data ?? []).map((w) => (
                  <option key={w.user_id} value={w.user_id}>
                    {w.display_name}
                  </option>
                ))}
              </select>
              <button type="button" class="primary" data-testid="arrival-assign"
                disabled={!chosen[row.folder_id] || queued.has(row.folder_id)} onClick={() => void assign(row)}>
                {queued.has(row.folder_id) ? t('pending.badge') : t('arrivals.assign')}
              </button>
            </span>
          </li>
        ))}
      </ul>
    </Section>
  );
}
