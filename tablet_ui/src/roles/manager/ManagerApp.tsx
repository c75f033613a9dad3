// The manager: the team's activity (minutes by activity kind per worker, as a chart and a
// table) and the access log of personal data read by the unit's people; and the statistical
// returns (#/returns/{year}/{part}, ReturnsScreen.tsx); accounts and roles waiting for the
// manager's confirmation (#/staff-requests, StaffRequestsScreen.tsx); who viewed a person's data
// (#/who-viewed, WhoViewedScreen.tsx).
import { useEffect, useState } from 'preact/hooks';
import { localToday } from '../../commands';
import { ACTIVITIES, type TeamActivity } from '../../contract';
import { formatDate, label, t } from '../../i18n';
import { useApp } from '../../ui/context';
import { useRoute } from '../../ui/router';
import { ScreenTitle } from '../../ui/ScreenTitle';
import { useView, ViewNote } from '../../ui/useView';
import { IssuesBanner, IssuesScreen, Section } from '../shared/common';
import { paymentsHref } from '../../payments';
import { contributionsHref, receivablesHref } from '../../receivables';
import { parseManagerRoute, returnsHref, staffRequestsHref, type ManagerRoute } from '../../returns';
import { AccessLogSection } from './AccessLogSection';
import { BarChart } from './BarChart';
import { DeadlinesSection } from './DeadlinesSection';
import { FolderScreen } from '../social_worker/FolderScreen';
import { ACTIVITY_COLORS, seriesColor } from './palette';
import { NewArrivalsSection } from './NewArrivals';
import { ContributionsScreen } from './ContributionsScreen';
import { PaymentsScreen } from './PaymentsScreen';
import { ReceivablesScreen } from './ReceivablesScreen';
import { ReturnsScreen } from './ReturnsScreen';
import { StaffRequestsScreen } from './StaffRequestsScreen';
import { WorkloadSection } from './WorkloadSection';
import { DemandSection } from '../mcus_coordinator/DemandSection';
import { WhoViewedScreen } from './WhoViewedScreen';
import { whoViewedHref } from './accessLog';
import { ScrollRegion } from '../../ui/ScrollRegion';


function ActivitySection({ unit }: { unit: string }) {
  const { views } = useApp();
  const key = `team:${unit}:activity`;
  const view = useView<TeamActivity>(key, () => views.refresh(key, `/api/teams/${encodeURIComponent(unit)}/activity`));
  const data = view.data;
  const kinds = data ? [...new Set([...ACTIVITIES, ...data.workers.flatMap((w) => Object.keys(w.minutes_by_activity))])] : [];
  const used = kinds.filter((k) => data?.workers.some((w) => (w.minutes_by_activity[k] ?? 0) > 0));
  return (
    <Section title={t('mgr.activity')} testid="team-activity">
      <ViewNote view={view} />
      {data && (
        <>
          <p>{t('mgr.period', { from: formatDate(data.since), to: formatDate(data.until) })}</p>
          <BarChart
            testid="activity-chart"
            title={t('mgr.chartLabel')}
            rows={data.workers.map((w) => ({ label: w.display_name, values: w.minutes_by_activity }))}
            series={used.map((k, i) => ({ key: k, label: label('activity.', k), color: seriesColor(k, i, ACTIVITY_COLORS) }))}
          />
          <ScrollRegion label={t('mgr.activity')}>
            <table class="data" data-testid="activity-table">
              <thead>
                <tr>
                  <th scope="col">{t('mgr.worker')}</th>
                  {used.map((k) => (
                    <th scope="col" key={k}>{label('activity.', k)}</th>
                  ))}
                  <th scope="col">{t('mgr.minutes')}</th>
                  <th scope="col">{t('mgr.visits')}</th>
                  <th scope="col">{t('mgr.interviews')}</th>
                  <th scope="col">{t('mgr.overdue')}</th>
                  <th scope="col">{t('mgr.caseload')}{data.families_norm ? ` (${t('mgr.norm', { norm: data.families_norm })})` : ''}</th>
                </tr>
              </thead>
              <tbody>
                {data.workers.map((w) => (
                  <tr key={w.worker_id} data-testid="activity-row">
                    <th scope="row">{w.display_name}</th>
                    {used.map((k) => (
                      <td key={k}>{w.minutes_by_activity[k] ?? 0}</td>
                    ))}
                    <td>{w.minutes}</td>
                    <td>{w.visits}</td>
                    <td>{w.interviews_conducted}</td>
                    <td>{w.interviews_overdue}</td>
                    <td class={data.families_norm && w.caseload > data.families_norm ? 'over-norm' : undefined}
                      data-testid="activity-caseload">
                      {w.caseload}
                      {data.families_norm !== undefined && w.caseload > data.families_norm && <> {t('mgr.overNorm')}</>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
        </>
      )}
    </Section>
  );
}

/** The manager's own screens live under the hash too (#/returns/…), so back and reload work. */
function useManagerRoute(): ManagerRoute {
  const read = () => parseManagerRoute(window.location.hash, localToday());
  const [route, setRoute] = useState(read);
  useEffect(() => {
    const update = () => setRoute(read());
    window.addEventListener('hashchange', update);
    return () => window.removeEventListener('hashchange', update);
  }, []);
  return route;
}

function ManagerNav({ current }: { current: ManagerRoute['name'] }) {
  return (
    <nav class="manager-nav" aria-label={t('ret.navLabel')}>
      <a href="#/" data-testid="nav-team" aria-current={current === 'team' ? 'page' : undefined}>
        {t('ret.nav.team')}
      </a>
      <a href={returnsHref()} data-testid="nav-returns" aria-current={current === 'returns' ? 'page' : undefined}>
        {t('ret.nav.returns')}
      </a>
      <a href={paymentsHref} data-testid="nav-payments" aria-current={current === 'payments' ? 'page' : undefined}>
        {t('pay.nav')}
      </a>
      <a href={receivablesHref} data-testid="nav-receivables" aria-current={current === 'receivables' ? 'page' : undefined}>
        {t('recv.nav')}
      </a>
      <a href={contributionsHref} data-testid="nav-contributions" aria-current={current === 'contributions' ? 'page' : undefined}>
        {t('contrib.nav')}
      </a>
      <a href={whoViewedHref} data-testid="nav-who-viewed" aria-current={current === 'who-viewed' ? 'page' : undefined}>
        {t('who.nav')}
      </a>
      <a href={staffRequestsHref} data-testid="nav-staff-requests" aria-current={current === 'requests' ? 'page' : undefined}>
        {t('staffreq.nav')}
      </a>
    </nav>
  );
}

export default function ManagerApp() {
  const { user } = useApp();
  const route = useRoute();
  const own = useManagerRoute();
  if (route.name === 'issues') return <IssuesScreen />;
  // A folder from the deadlines, read only (the manager reads the team's folders).
  if (route.name === 'folder') return <FolderScreen folderId={route.folderId} readOnly />;
  return (
    <>
      <IssuesBanner />
      <main class={own.name === 'returns' ? 'screen screen-wide' : 'screen'}>
        <ManagerNav current={own.name} />
        {own.name === 'returns' ? (
          <ReturnsScreen key={`${own.year}-${own.part}`} year={own.year} part={own.part} />
        ) : own.name === 'requests' ? (
          <StaffRequestsScreen />
        ) : own.name === 'payments' ? (
          <PaymentsScreen />
        ) : own.name === 'receivables' ? (
          <ReceivablesScreen />
        ) : own.name === 'contributions' ? (
          <ContributionsScreen />
        ) : own.name === 'who-viewed' ? (
          <WhoViewedScreen />
        ) : (
          <>
            <ScreenTitle>{t('mgr.title', { team: user.unit })}</ScreenTitle>
            <NewArrivalsSection unit={user.unit} />
            <DeadlinesSection unit={user.unit} />
            <ActivitySection unit={user.unit} />
            <WorkloadSection unit={user.unit} />
            <DemandSection showProvider />
            <AccessLogSection unit={user.unit} />
          </>
        )}
      </main>
    </>
  );
}
