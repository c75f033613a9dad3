// The MOPS management (issue #21): the same figures for every team and for the whole centre,
// counts only (GET /api/management/teams) — families under social work, social workers,
// families per worker against the art. 110 norm, visits and field time by activity for a
// chosen period, pending proceedings and the overdue ones. Per team only: the read models
// know a folder's team, not its district.
import { useState } from 'preact/hooks';
import { ACTIVITIES, type TeamFigures, type UnitFigures } from '../../contract';
import { formatDate, label, t } from '../../i18n';
import { useApp } from '../../ui/context';
import { ScreenTitle } from '../../ui/ScreenTitle';
import { ScrollRegion } from '../../ui/ScrollRegion';
import { useView, ViewNote } from '../../ui/useView';
import { IssuesBanner, Section } from '../shared/common';
import '../manager/manager.css';

function FiguresRow({ row, total }: { row: TeamFigures; total?: boolean }) {
  const name = total ? t('mgmt.total') : row.team_id;
  return (
    <tr data-testid={total ? 'mgmt-total' : 'mgmt-team'} data-team={row.team_id}>
      <th scope="row">{total ? <strong>{name}</strong> : name}</th>
      <td>{row.families}</td>
      <td>{row.workers}</td>
      <td class={row.above_norm ? 'over-norm' : undefined} data-testid="mgmt-per-worker">
        {row.families_per_worker ?? t('common.none')}
        {row.above_norm && <> {t('mgmt.overNorm')}</>}
      </td>
      <td>{row.visits}</td>
      <td>{row.minutes}</td>
      <td>{row.pending_proceedings}</td>
      <td class={row.overdue_proceedings > 0 ? 'over-norm' : undefined}>{row.overdue_proceedings}</td>
    </tr>
  );
}

export default function ManagementApp() {
  const { views } = useApp();
  const [period, setPeriod] = useState({ since: '', until: '' });
  const [draft, setDraft] = useState(period);
  const query = new URLSearchParams(Object.entries(period).filter(([, v]) => v)).toString();
  const key = `mops:teams:${query}`;
  const view = useView<UnitFigures>(key, () => views.refresh(key, `/api/management/teams${query ? `?${query}` : ''}`));
  const data = view.data;
  const rows = data ? [...data.teams, data.total] : [];
  const used = [...new Set([...ACTIVITIES, ...rows.flatMap((r) => Object.keys(r.minutes_by_activity))])].filter((k) =>
    rows.some((r) => (r.minutes_by_activity[k] ?? 0) > 0),
  );
  return (
    <>
      <IssuesBanner />
      <main class="screen screen-wide" data-testid="management-home">
        <ScreenTitle>{t('mgmt.title')}</ScreenTitle>
        <p>{t('mgmt.lead')}</p>
        <form class="compare-form" onSubmit={(e) => { e.preventDefault(); setPeriod(draft); }}>
          <label>
            {t('wl.since')}
            <input type="date" data-testid="mgmt-since" value={draft.since}
              onInput={(e) => setDraft({ ...draft, since: (e.currentTarget as HTMLInputElement).value })} />
          </label>
          <label>
            {t('wl.until')}
            <input type="date" data-testid="mgmt-until" value={draft.until}
              onInput={(e) => setDraft({ ...draft, until: (e.currentTarget as HTMLInputElement).value })} />
          </label>
          <button type="submit" data-testid="mgmt-show">{t('mgmt.period')}</button>
        </form>
        <Section title={t('mgmt.title')} testid="mgmt-teams">
          <ViewNote view={view} />
          {data && (
            <>
              <p>{t('mgr.period', { from: formatDate(data.since), to: formatDate(data.until) })}</p>
              <ScrollRegion label={t('mgmt.title')}>
                <table class="data" data-testid="mgmt-table">
                  <thead>
                    <tr>
                      <th scope="col">{t('mgmt.team')}</th>
                      <th scope="col">{t('mgmt.families')}</th>
                      <th scope="col">{t('mgmt.workers')}</th>
                      <th scope="col">{t('mgmt.perWorker', { norm: data.families_norm })}</th>
                      <th scope="col">{t('mgmt.visits')}</th>
                      <th scope="col">{t('mgmt.minutes')}</th>
                      <th scope="col">{t('mgmt.pending')}</th>
                      <th scope="col">{t('mgmt.overdue')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.teams.map((row) => (
                      <FiguresRow key={row.team_id} row={row} />
                    ))}
                    <FiguresRow row={data.total} total />
                  </tbody>
                </table>
              </ScrollRegion>
              {used.length > 0 && <h3>{t('mgmt.byActivity')}</h3>}
              {used.length > 0 && <ScrollRegion label={t('mgmt.byActivity')}>
                <table class="data" data-testid="mgmt-activity">
                  <thead>
                    <tr>
                      <th scope="col">{t('mgmt.team')}</th>
                      {used.map((k) => (
                        <th scope="col" key={k}>{label('activity.', k)}</th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {rows.map((row, i) => (
                      <tr key={`${row.team_id}-${i}`}>
                        <th scope="row">{i === rows.length - 1 ? t('mgmt.total') : row.team_id}</th>
                        {used.map((k) => (
                          <td key={k}>{row.minutes_by_activity[k] ?? 0}</td>
                        ))}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </ScrollRegion>}
            </>
          )}
        </Section>
      </main>
    </>
  );
}
