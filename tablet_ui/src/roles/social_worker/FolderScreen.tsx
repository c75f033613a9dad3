import { ReceivablesPanel } from '../../ui/ReceivablesPanel';
import type { ClientView, Member } from '../../contract';
import { formatHours } from '../../format';
import { formatDate, formatDateTime, label, t, type MessageKey } from '../../i18n';
import { useApp } from '../../ui/context';
import { href } from '../../ui/router';
import { ScreenTitle } from '../../ui/ScreenTitle';
import { useOutboxEntries } from '../../ui/useOutbox';
import { useView, ViewNote } from '../../ui/useView';
import { folderKey } from '../../views';
import { folderEntries } from '../../socialContracts';
import { useContractAcks } from './contractFolders';
import { addressText } from '../shared/AddressFields';
import { AddressForm } from './AddressForm';
import { CareNotesForm } from './CareNotesForm';
import { BankAccountForm } from './BankAccountForm';
import { IncomeForm } from './IncomeForm';
import { Timeline } from './Timeline';
import { useLoadScreensWhen } from './later';

const fullName = (m: Member) => `${m.first_name} ${m.last_name}`;

/** The head of the household if the relation says so, otherwise the first member. */
function headOf(members: Member[]): Member | undefined {
  const current = members.filter((m) => !m.left_on);
  return current.find((m) => /head|głowa|glowa|wnioskodawca/i.test(m.relation)) ?? current[0] ?? members[0];
}

/** A member's effective dates: since when, and when they left or died. */
function MembershipDates({ member }: { member: Member }) {
  if (member.left_on) {
    const key = member.end_kind === 'died' ? 'household.died' : 'household.left';
    return <span class="muted" data-testid="member-ended"> · {t(key, { date: formatDate(member.left_on) })}</span>;
  }
  return member.joined_on ? <span class="muted"> · {t('household.joined', { date: formatDate(member.joined_on) })}</span> : null;
}

function InterviewInfo({ interview }: { interview: ClientView['interview'] }) {
  if (!interview?.due_on && !interview?.update_due_on) return <p>{t('folder.noInterviewDue')}</p>;
  return (
    <p>
      {interview.due_on && <span>{t('folder.interviewDue', { date: formatDate(interview.due_on) })} </span>}
      {interview.update_due_on && <span>{t('folder.updateDue', { date: formatDate(interview.update_due_on) })} </span>}
      {interview.overdue && (
        <span class="badge badge-overdue" data-testid="overdue-badge">
          {t('caseload.overdue')}
        </span>
      )}
    </p>
  );
}

/** `readOnly`: a manager's look at a folder from the deadlines (no commands of the worker's). */
export function FolderScreen({ folderId, readOnly = false }: { folderId: string; readOnly?: boolean }) {
  const { views } = useApp();
  const view = useView<ClientView>(folderKey(folderId), () => views.refreshFolder(folderId));
  const folder = view.data;
  // the visit, interview, member… screens this one leads to (not for a manager reading it)
  useLoadScreensWhen(!readOnly && folder !== undefined);
  // its own queued commands and those of its social contracts (queued under each contract)
  const pending = folderEntries(useOutboxEntries(), folder, folderId);
  useContractAcks(folderId, folder);
  const head = folder ? headOf(folder.members ?? []) : undefined;
  const statusKey = `folder.status.${folder?.status}` as MessageKey;

  return (
    <main class="screen" data-testid="folder-view" data-folder-id={folderId}>
      <a class="back" href={href.home()}>
        ← {t('common.back')}
      </a>
      <ScreenTitle>{head ? fullName(head) : t('caseload.title')}</ScreenTitle>
      <ViewNote view={view} />
      {folder && (
        <>
          {!readOnly && <div class="actions-row">
            <a class="button primary" href={href.visit(folderId)} data-testid="record-visit-button">
              {t('folder.recordVisit')}
            </a>
            <a class="button" href={href.interview(folderId)} data-testid="conduct-interview-button">
              {t('folder.conductInterview')}
            </a>
            <a class="button" href={href.proposals(folderId)} data-testid="proposals-button">
              {t('proposals.button')}
            </a>
            <a class="button" href={href.contract(folderId)} data-testid="social-contract-button">
              {t('folder.contract')}
            </a>
            <a class="button" href={href.application(folderId, head?.member_id)} data-testid="file-application-button">
              {t('apply.button')}
            </a>
          </div>}
          <section class="card" aria-labelledby="folder-facts">
            <h2 id="folder-facts" class="visually-hidden">{t('folder.address')}</h2>
            <dl class="facts">
              <dt>{t('folder.address')}</dt>
              <dd data-testid="folder-address" data-no-fixed-address={folder.address?.no_fixed_address ? 'true' : undefined}>
                {addressText(folder.address)}
              </dd>
              <dt>{t('folder.status')}</dt>
              <dd>{t(statusKey) === statusKey ? folder.status : t(statusKey)}</dd>
              <dt>{t('folder.worker')}</dt>
              {/* a name for people; the id only if the staff directory does not know it */}
              <dd data-testid="folder-worker">{folder.worker_id ? folder.worker_name ?? t('folder.workerUnknown') : t('common.none')}</dd>
              <dt>{t('folder.interview')}</dt>
              <dd>
                <InterviewInfo interview={folder.interview} />
              </dd>
            </dl>
          </section>
          {(folder.alerts ?? 0) > 0 && (
            <p class="banner banner-alert" role="status" data-testid="folder-alerts">
              {t('folder.alerts', { n: folder.alerts! })}
            </p>
          )}
          <section class="card" aria-labelledby="folder-observations" data-testid="observations">
            <h2 id="folder-observations">{t('folder.observations')}</h2>
            {(folder.observations ?? []).length === 0 && <p class="muted">{t('folder.noneYet')}</p>}
            <ul class="plain">
              {(folder.observations ?? []).map((o) => (
                <li key={o.observation_id} data-testid="observation-item" data-kind={o.kind}>
                  <strong>{label('obs.kind.', o.kind)}</strong>
                  <span class="muted"> · {formatDateTime(o.raised_at)}</span>
                  {o.caregiver_name && <span class="muted"> · {o.caregiver_name}</span>}
                  {o.note && <p class="line-details">{o.note}</p>}
                </li>
              ))}
            </ul>
          </section>
          <section class="card" aria-labelledby="folder-proceedings" data-testid="proceedings">
            <h2 id="folder-proceedings">{t('folder.proceedings')}</h2>
            {(folder.proceedings ?? []).length === 0 && <p class="muted">{t('folder.noneYet')}</p>}
            <ul class="plain">
              {(folder.proceedings ?? []).map((p) => (
                <li key={p.proceeding_id} data-testid="proceeding-item" data-status={p.status}>
                  <strong>{label('form.', p.form)}</strong> <span class="muted">{p.case_reference}</span>
                  <br />
                  {label('proc.status.', p.status)}
                  {p.outcome && ` · ${label('proc.outcome.', p.outcome)}`}
                  {p.issued_on && ` · ${formatDate(p.issued_on)}`}
                </li>
              ))}
            </ul>
          </section>
          <ReceivablesPanel folderId={folderId} />
          <section class="card" aria-labelledby="folder-orders" data-testid="orders">
            <h2 id="folder-orders">{t('folder.orders')}</h2>
            {(folder.orders ?? []).length === 0 && <p class="muted">{t('folder.noneYet')}</p>}
            <ul class="plain">
              {(folder.orders ?? []).map((o) => (
                <li key={o.order_id} data-testid="order-item" data-status={o.status}>
                  <strong>{label('form.', o.form)}</strong> <span class="muted" data-testid="order-provider">{label('provider.', o.provider_id)} · {o.case_reference}</span>
                  <br />
                  {label('order.status.', o.status)}
                  {o.changed && <span class="badge badge-overdue"> {t('mcus.changed')}</span>}
                  {o.terms?.hours_per_week && ` · ${t('order.hours', { d: formatHours(o.terms.hours_per_day ?? '?'), w: formatHours(o.terms.hours_per_week) })}`}
                  {o.caregiver_name && <span data-testid="order-caregiver-name"> · {t('folder.caregiver', { name: o.caregiver_name })}</span>}
                </li>
              ))}
            </ul>
          </section>
          <section class="card" aria-labelledby="folder-members">
            <h2 id="folder-members">{t('folder.members')}</h2>
            {folder.household_size !== undefined && (
              <p data-testid="household-size">{t('household.size', { n: folder.household_size })}</p>
            )}
            <ul class="members" data-testid="members">
              {(folder.members ?? []).map((m) => (
                <li key={m.member_id} data-testid="member-item" data-member-id={m.member_id}
                  data-left={m.left_on ? 'true' : undefined} class={m.left_on ? 'member-gone' : undefined}>
                  <strong>{fullName(m)}</strong> <span class="muted">({label('relation.', m.relation)})</span>
                  {m.birth_date && <span class="muted"> · {formatDate(m.birth_date)}</span>}
                  <MembershipDates member={m} />
                  {!m.left_on && folder.status === 'open' && (
                    <a class="button small" href={href.member(folderId, m.member_id)} data-testid="member-change-button">
                      {t('household.change')}
                    </a>
                  )}
                  {m.left_on && folder.status === 'open' && (
                    <a class="button small" href={href.member(folderId, m.member_id)} data-testid="member-correct-button">
                      {t('household.correctButton')}
                    </a>
                  )}
                </li>
              ))}
            </ul>
            {folder.status === 'open' && !readOnly && (
              <a class="button" href={href.newMember(folderId)} data-testid="add-member-button">{t('household.add')}</a>
            )}
          </section>
          {!readOnly && <AddressForm folderId={folderId} folder={folder} />}
          {!readOnly && (folder.orders ?? []).some((o) => o.status !== 'ended') && <CareNotesForm folderId={folderId} folder={folder} />}
          {!readOnly && <IncomeForm folderId={folderId} folder={folder} />}
          {!readOnly && <BankAccountForm folderId={folderId} folder={folder} />}
          <section class="card" aria-labelledby="folder-timeline">
            <h2 id="folder-timeline">{t('folder.timeline')}</h2>
            <Timeline items={folder.timeline ?? []} pending={pending} members={folder.members ?? []} />
          </section>
        </>
      )}
    </main>
  );
}
