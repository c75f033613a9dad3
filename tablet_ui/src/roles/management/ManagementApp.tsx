// The MOPS management (issue #21): the same figures for every team, for every district of the
// city and for the whole centre, counts only (GET /api/management/teams) — families under
// social work, visits and field time by activity for a chosen period, pending proceedings and
// the overdue ones; per team also social workers and families per worker against the
// art. 110 norm. A folder counts in the district of its address now, its visits and
// proceedings with it.
import { useState } from 'preact/hooks';
import { ACTIVITIES, type DistrictFigures, type TeamFigures, type UnitFigures } from '../../contract';
import { formatDate, label, t } from '../../i18n';
import { useApp } from '../../ui/context';
import { ScreenTitle } from '../../ui/ScreenTitle';
import { ScrollRegion } from '../../ui/ScrollRegion';
import { useView, ViewNote } from '../../ui/useView';
import { IssuesBanner, Section } from '../shared/common';
import '../manager/manager.css';

type Counted = TeamFigures | DistrictFigures;

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

function districtName(row: DistrictFigures): string {
  return row.teryt === null ? t('mgmt.noDistrict') : (row.name ?? row.teryt);
}

function DistrictRow({ row, total }: { row: Counted; total?: boolean }) {
  const teryt = 'teryt' in row ? row.teryt : null;
  const name = 'teryt' in row ? districtName(row) : t('mgmt.total');
  return (
    <tr data-testid={total ? 'mgmt-district-total' : 'mgmt-district'} data-teryt={teryt ?? ''}>
      <th scope="row">{total ? <strong>{name}</strong> : name}</th>
      <td>{row.families}</td>
      <td>{row.visits}</td>
      <td>{row.minutes}</td>
      <td>{row.pending_proceedings}</td>
      <td class={row.overdue_proceedings > 0 ? 'over-norm' : undefined}>{row.overdue_proceedings}</td>
    </tr>
  );
}

/** Minutes by activity, a row for each team or district and the centre's last. */
function ActivityTable({ rows, names, heading, testid }: {
  rows: Counted[]; names: string[]; heading: string; testid: string;
}) {
  const used = [...new Set([...ACTIVITIES, ...rows.flatMap((r) => Object.keys(r.minutes_by_activity))])].filter((k) =>
    rows.some((r) => (r.minutes_by_activity[k] ?? 0) > 0),
  );
  if (used.length === 0) return null;
  return (
    <>
      <h3>{t('mgmt.byActivity')}</h3>
      <ScrollRegion label={`${heading}: ${t('mgmt.byActivity')}`}>
        <table class="data" data-testid={testid}>
          <thead>
            <tr>
              <th scope="col">{heading}</th>
              {used.map((k) => (
                <th scope="col" key={k}>{label('activity.', k)}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row, i) => (
              <tr key={`${names[i]}-${i}`}>
                <th scope="row">{names[i]}</th>
                {used.map((k) => (
                  <td key={k}>{row.minutes_by_activity[k] ?? 0}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
    </>
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
        <Section title={t('mgmt.teams')} testid="mgmt-teams">
          <ViewNote view={view} />
          {data && (
            <>
              <p>{t('mgr.period', { from: formatDate(data.since), to: formatDate(data.until) })}</p>
              <ScrollRegion label={t('mgmt.teams')}>
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
              <ActivityTable rows={[...data.teams, data.total]} heading={t('mgmt.team')} testid="mgmt-activity"
                names={[...data.teams.map((r) => r.team_id), t('mgmt.total')]} />
            </>
          )}
        </Section>
        {data && (
          <Section title={t('mgmt.districts')} testid="mgmt-districts">
            <p>{t('mgmt.districtsNote')}</p>
            <ScrollRegion label={t('mgmt.districts')}>
              <table class="data" data-testid="mgmt-district-table">
                <thead>
                  <tr>
                    <th scope="col">{t('mgmt.district')}</th>
                    <th scope="col">{t('mgmt.families')}</th>
                    <th scope="col">{t('mgmt.visits')}</th>
                    <th scope="col">{t('mgmt.minutes')}</th>
                    <th scope="col">{t('mgmt.pending')}</th>
                    <th scope="col">{t('mgmt.overdue')}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.districts.map((row) => (
                    <DistrictRow key={row.teryt ?? ''} row={row} />
                  ))}
                  <DistrictRow row={data.total} total />
                </tbody>
              </table>
            </ScrollRegion>
            <ActivityTable rows={[...data.districts, data.total]} heading={t('mgmt.district')}
              testid="mgmt-district-activity"
              names={[...data.districts.map(districtName), t('mgmt.total')]} />
          </Section>
        )}
      </main>
    </>
  );
}
