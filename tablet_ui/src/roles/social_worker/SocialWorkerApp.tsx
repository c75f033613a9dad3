// The social worker's screens: caseload → client view → record a visit / conduct an interview,
// and the conflict screen when a queued change met a newer version on the server.
import { useEffect } from 'preact/hooks';
import type { OutboxEntry } from '../../db';
import { t } from '../../i18n';
import { href, navigate, useRoute } from '../../ui/router';
import { useOutboxEntries } from '../../ui/useOutbox';
import { CaseloadScreen } from './CaseloadScreen';
import { ConflictScreen } from './ConflictScreen';
import { ContractScreen, useFolderOf } from './ContractScreen';
import { FolderScreen } from './FolderScreen';
import { InterviewScreen } from './InterviewScreen';
import { SearchScreen } from './SearchScreen';
import { MemberScreen } from './MemberScreen';
import { ProposalScreen } from './ProposalScreen';
import { VisitScreen } from './VisitScreen';
import { ApplicationScreen, type Person } from '../shared/ApplicationScreen';
import { NewFolderScreen } from '../shared/NewFolderScreen';
import type { ClientView, Member } from '../../contract';
import { useApp } from '../../ui/context';
import { useLiveQuery } from '../../ui/live';
import { folderKey } from '../../views';

/** A change the server did not take waits for the person: say so on every screen. */
function AttentionBanner() {
  const stuck = useOutboxEntries().find((e) => e.status === 'conflict' || e.status === 'failed');
  if (!stuck) return null;
  return <Attention stuck={stuck} />;
}

function Attention({ stuck }: { stuck: OutboxEntry }) {
  const conflict = stuck.status === 'conflict';
  // a social contract's commands are queued under the contract: show its folder
  const folderId = useFolderOf(stuck);
  return (
    <div class="banner banner-conflict" role="alert" data-testid="attention-banner">
      <span>{conflict ? t('pending.conflict') : t('pending.failed')}</span>
      <a class="button" href={conflict ? href.conflict(stuck.command_id) : folderId ? href.folder(folderId) : href.home()}>
        {conflict ? t('pending.resolve') : t('common.show')}
      </a>
    </div>
  );
}

/** The people an application may be for: the folder's members as the tablet last read them,
 * or the head named in a folder opened here and not sent yet. */
function FolderApplication({ folderId, person, form }: { folderId: string; person: string | null; form: string | null }) {
  const { views } = useApp();
  const [cached] = useLiveQuery(() => views.cached(folderKey(folderId)), [folderId]);
  const entries = useOutboxEntries(folderId);
  useEffect(() => {
    void views.refreshFolder(folderId).catch(() => undefined);
  }, [folderId]);
  const members: Member[] = (cached?.data as ClientView | undefined)?.members ?? [];
  const opened = entries.find((e) => e.kind === 'folder_opened')?.body.head as Member | undefined;
  const people: Person[] = (members.length ? members : opened ? [opened] : []).map((m) => ({
    member_id: m.member_id,
    name: `${m.first_name} ${m.last_name}`,
  }));
  return <ApplicationScreen folderId={folderId} people={people} person={person} form={form} back={href.folder(folderId)} />;
}

export function SocialWorkerApp() {
  const { user } = useApp();
  const route = useRoute();
  return (
    <>
      {route.name !== 'conflict' && <AttentionBanner />}
      {route.name === 'home' && <CaseloadScreen />}
      {route.name === 'folder' && <FolderScreen key={route.folderId} folderId={route.folderId} />}
      {route.name === 'visit' && <VisitScreen key={route.folderId} folderId={route.folderId} />}
      {route.name === 'interview' && <InterviewScreen key={route.folderId} folderId={route.folderId} />}
      {route.name === 'proposals' && <ProposalScreen key={route.folderId} folderId={route.folderId} />}
      {route.name === 'contract' && <ContractScreen key={route.folderId} folderId={route.folderId} />}
      {route.name === 'member' && (
        <MemberScreen key={route.memberId} folderId={route.folderId} memberId={route.memberId} />
      )}
      {route.name === 'conflict' && <ConflictScreen key={route.commandId} commandId={route.commandId} />}
      {route.name === 'newFolder' && (
        <NewFolderScreen key={route.query} teamId={user.unit} query={route.query} back={href.home()}
          onSaved={() => navigate(href.home())} />
      )}
      {route.name === 'application' && (
        <FolderApplication key={`${route.folderId}:${route.form ?? ''}`} folderId={route.folderId} person={route.person} form={route.form} />
      )}
      {route.name === 'search' && <SearchScreen />}
    </>
  );
}
