// First contact (the counter and the phone): registers a person — a new folder without a team,
// the address decides which ZTPS gets it — and their application, and sees the list of what it
// registered with the team each went to. Nothing else (the server's scope allows nothing else).
import type { Member } from '../../contract';
import { addressLine, waitingFolders } from '../../intake';
import type { Address } from '../../contract';
import { formatDate, t } from '../../i18n';
import { useApp } from '../../ui/context';
import { href, navigate, useRoute } from '../../ui/router';
import { ScreenTitle } from '../../ui/ScreenTitle';
import { useOutboxEntries } from '../../ui/useOutbox';
import { useView, ViewNote } from '../../ui/useView';
import { ApplicationScreen, type Person } from '../shared/ApplicationScreen';
import { IssuesBanner, IssuesScreen, useAcked } from '../shared/common';
import { NewFolderScreen } from '../shared/NewFolderScreen';

export interface Registration {
  folder_id: string;
  team_id: string;
  worker_assigned: boolean;
  status: string;
  opened_on: string;
  head_member_id: string;
  head_name: string;
  address_line: string;
  applications: number;
}

const KEY = 'intake:registrations';
const PATH = '/api/intake/registrations';

function useRegistrations() {
  const { views } = useApp();
  const view = useView<Registration[]>(KEY, () => views.refresh(KEY, PATH));
  // Read your own write: once a registration or an application is taken, the list is re-read.
  // A busy server may answer that read 503 before its list has caught up: read once more a
  // moment later rather than leave the list without the registration just made.
  useAcked(null, (position) => void views.refresh(KEY, PATH, position).catch(
    () => new Promise((retry) => setTimeout(retry, 1000))
      .then(() => views.refresh(KEY, PATH, position)).catch(() => undefined)));
  return view;
}

function RegistrationsScreen() {
  const view = useRegistrations();
  const entries = useOutboxEntries();
  const rows = view.data ?? [];
  const waiting = waitingFolders(entries, rows.map((r) => ({ ...r, version: 0, interview_due_on: null, interview_overdue: false, last_visit_on: null })));
  return (
    <main class="screen">
      <ScreenTitle>{t('fc.title')}</ScreenTitle>
      <div class="actions-row">
        <a class="button primary" href={href.newFolder()} data-testid="register-person-button">
          {t('fc.register')}
        </a>
      </div>
      <section class="card" data-testid="registrations">
        <h2>{t('fc.mine')}</h2>
        <ViewNote view={view} />
        {view.data !== undefined && rows.length === 0 && waiting.length === 0 && <p>{t('fc.empty')}</p>}
        <ul class="plain">
          {waiting.map((row) => (
            <li key={row.folder_id} class="caseload-row waiting" data-testid="registration-row" data-folder-id={row.folder_id} data-waiting="true">
              <span class="row-main">
                <strong class="row-name">{row.head_name}</strong>
                <span class="row-address">{row.address_line}</span>
              </span>
              <span class="badge badge-pending">{t('newFolder.waiting')}</span>
            </li>
          ))}
          {rows.map((row) => (
            <li key={row.folder_id} class="caseload-row" data-testid="registration-row" data-folder-id={row.folder_id} data-team={row.team_id}>
              <span class="row-main">
                <strong class="row-name">{row.head_name}</strong>
                <span class="row-address">{row.address_line}</span>
                <span class="muted">{formatDate(row.opened_on)}</span>
              </span>
              <span class="row-meta">
                <strong data-testid="registration-team">{t('fc.team', { team: row.team_id })}</strong>
                <span>{row.worker_assigned ? t('fc.workerAssigned') : t('fc.workerNotYet')}</span>
                <span data-testid="registration-applications">{t('fc.applications', { n: row.applications })}</span>
                <a class="button" href={href.application(row.folder_id, row.head_member_id)} data-testid="registration-application">
                  {t('fc.addApplication')}
                </a>
              </span>
            </li>
          ))}
        </ul>
      </section>
    </main>
  );
}

/** The application for a registered person (or one registered here and not sent yet). */
function RegisteredApplication({ folderId, person }: { folderId: string; person: string | null }) {
  const view = useRegistrations();
  const entries = useOutboxEntries(folderId);
  const registered = (view.data ?? []).find((r) => r.folder_id === folderId);
  const head = entries.find((e) => e.kind === 'folder_opened')?.body.head as Member | undefined;
  const address = entries.find((e) => e.kind === 'folder_opened')?.body.address;
  const people: Person[] = registered
    ? [{ member_id: registered.head_member_id, name: `${registered.head_name} · ${registered.address_line}` }]
    : head
      ? [{ member_id: head.member_id, name: `${head.first_name} ${head.last_name}${address ? ` · ${addressLine(address as Address)}` : ''}` }]
      : [];
  return <ApplicationScreen folderId={folderId} people={people} person={person} back={href.home()} />;
}

export default function FirstContactApp() {
  const route = useRoute();
  if (route.name === 'issues') return <IssuesScreen />;
  return (
    <>
      <IssuesBanner />
      {route.name === 'newFolder' ? (
        <NewFolderScreen key={route.query} teamId={null} query={route.query} back={href.home()}
          onSaved={(command) => navigate(href.application(command.folder_id, (command.body.head as Member).member_id))} />
      ) : route.name === 'application' ? (
        <RegisteredApplication key={route.folderId} folderId={route.folderId} person={route.person} />
      ) : (
        <RegistrationsScreen />
      )}
    </>
  );
}
