// A team's deadlines and follow-ups (issue #21, GET /api/teams/{team}/deadlines): proceedings
// by days left to their KPA term (overdue in red, a delay notice due marked), overdue
// interviews, caregivers' observations no visit has answered; each row links to the folder.
import { formatDate, label, t } from '../../i18n';
import { useApp } from '../../ui/context';
import { href } from '../../ui/router';
import { useView, ViewNote } from '../../ui/useView';
import { Section } from '../shared/common';
import { ScrollRegion } from '../../ui/ScrollRegion';

interface ProceedingDeadline {
  proceeding_id: string;
  folder_id: string;
  client_name: string | null;
  case_reference: string;
  form: string;
  opened_on: string;
  status: string;
  decision_due_on: string | null;
  days_left: number | null;
  overdue: boolean;
  delay_notice_due: boolean;
}

interface InterviewFollowUp {
  folder_id: string;
  head_name: string | null;
  interview_due_on: string;
  days_overdue: number;
}

interface ObservationFollowUp {
  observation_id: string;
  folder_id: string;
  head_name: string | null;
  kind: string;
  raised_on: string;
  days_open: number;
}

interface TeamDeadlines {
  proceedings: ProceedingDeadline[];
  interviews: InterviewFollowUp[];
  observations: ObservationFollowUp[];
  observation_answer_days: number;
}

function FolderLink({ id, name }: { id: string; name: string | null }) {
  return <a href={href.folder(id)} data-testid="deadline-folder">{name ?? t('common.none')}</a>;
}

export function DeadlinesSection({ unit }: { unit: string }) {
  const { views } = useApp();
  const key = `team:${unit}:deadlines`;
  const view = useView<TeamDeadlines>(key, () => views.refresh(key, `/api/teams/${encodeURIComponent(unit)}/deadlines`));
  const data = view.data;
  const notices = data?.proceedings.filter((p) => p.delay_notice_due).length ?? 0;
  return (
    <Section title={t('dl.title')} testid="deadlines">
      <ViewNote view={view} />
      {data && (
        <>
          <h3>{t('dl.proceedings')}</h3>
          {notices > 0 && <p class="deadline-warning" data-testid="notices-due">{t('dl.noticesDue', { count: notices })}</p>}
          {data.proceedings.length === 0 ? <p>{t('dl.none')}</p> : (
            <ScrollRegion label={t('dl.proceedings')}>
              <table class="data" data-testid="deadline-proceedings">
                <thead>
                  <tr>
                    <th scope="col">{t('dl.client')}</th>
                    <th scope="col">{t('dl.reference')}</th>
                    <th scope="col">{t('dl.form')}</th>
                    <th scope="col">{t('dl.opened')}</th>
                    <th scope="col">{t('dl.due')}</th>
                    <th scope="col">{t('dl.daysLeft')}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.proceedings.map((p) => (
                    <tr key={p.proceeding_id} data-testid="deadline-row" data-proceeding-id={p.proceeding_id}
                      data-days-left={p.days_left ?? ''} class={p.overdue ? 'overdue' : undefined}>
                      <th scope="row"><FolderLink id={p.folder_id} name={p.client_name} /></th>
                      <td>{p.case_reference}</td>
                      <td>{label('form.', p.form)}</td>
                      <td>{formatDate(p.opened_on)}</td>
                      <td>{formatDate(p.decision_due_on)}</td>
                      <td>
                        {p.days_left === null ? t('dl.suspended')
                          : p.overdue ? <strong>{t('dl.overdue', { days: -p.days_left })}</strong> : p.days_left}
                        {p.delay_notice_due && <div class="deadline-note" data-testid="notice-due">{t('dl.noticeDue')}</div>}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </ScrollRegion>
          )}
          <h3>{t('dl.interviews')}</h3>
          {data.interviews.length === 0 ? <p>{t('dl.none')}</p> : (
            <table class="data" data-testid="deadline-interviews">
              <thead>
                <tr><th scope="col">{t('dl.client')}</th><th scope="col">{t('dl.interviewDue')}</th><th scope="col">{t('dl.daysOverdue')}</th></tr>
              </thead>
              <tbody>
                {data.interviews.map((i) => (
                  <tr key={i.folder_id} class="overdue">
                    <th scope="row"><FolderLink id={i.folder_id} name={i.head_name} /></th>
                    <td>{formatDate(i.interview_due_on)}</td>
                    <td>{i.days_overdue}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <h3>{t('dl.observations', { days: data.observation_answer_days })}</h3>
          {data.observations.length === 0 ? <p>{t('dl.none')}</p> : (
            <table class="data" data-testid="deadline-observations">
              <thead>
                <tr><th scope="col">{t('dl.client')}</th><th scope="col">{t('dl.kind')}</th><th scope="col">{t('dl.raised')}</th><th scope="col">{t('dl.daysOpen')}</th></tr>
              </thead>
              <tbody>
                {data.observations.map((o) => (
                  <tr key={o.observation_id}>
                    <th scope="row"><FolderLink id={o.folder_id} name={o.head_name} /></th>
                    <td>{label('obs.kind.', o.kind)}</td>
                    <td>{formatDate(o.raised_on)}</td>
                    <td>{o.days_open}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </Section>
  );
}
