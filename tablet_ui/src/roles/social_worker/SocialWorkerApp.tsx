// The social worker's screens: caseload → client view → record a visit / conduct an interview,
// and the conflict screen when a queued change met a newer version on the server. The caseload
// and the client view are in the signed-in chunk; the others come a moment later (later.tsx).
import type { OutboxEntry } from '../../db';
import { t } from '../../i18n';
import { href, navigate, useRoute } from '../../ui/router';
import { useOutboxEntries } from '../../ui/useOutbox';
import { useApp } from '../../ui/context';
import { CaseloadScreen } from './CaseloadScreen';
import { useFolderOf } from './contractFolders';
import { FolderScreen } from './FolderScreen';
import { Later } from './later';

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

export function SocialWorkerApp() {
  const { user } = useApp();
  const route = useRoute();
  return (
    <>
      {route.name !== 'conflict' && <AttentionBanner />}
      {route.name === 'home' && <CaseloadScreen />}
      {route.name === 'folder' && <FolderScreen key={route.folderId} folderId={route.folderId} />}
      {route.name === 'visit' && <Later render={(s) => <s.VisitScreen key={route.folderId} folderId={route.folderId} />} />}
      {route.name === 'interview' && <Later render={(s) => <s.InterviewScreen key={route.folderId} folderId={route.folderId} />} />}
      {route.name === 'proposals' && <Later render={(s) => <s.ProposalScreen key={route.folderId} folderId={route.folderId} />} />}
      {route.name === 'contract' && <Later render={(s) => <s.ContractScreen key={route.folderId} folderId={route.folderId} />} />}
      {route.name === 'member' && (
        <Later render={(s) => <s.MemberScreen key={route.memberId} folderId={route.folderId} memberId={route.memberId} />} />
      )}
      {route.name === 'conflict' && <Later render={(s) => <s.ConflictScreen key={route.commandId} commandId={route.commandId} />} />}
      {route.name === 'newFolder' && (
        <Later render={(s) => (
          <s.NewFolderScreen key={route.query} teamId={user.unit} query={route.query} back={href.home()}
            onSaved={() => navigate(href.home())} />
        )} />
      )}
      {route.name === 'application' && (
        <Later render={(s) => (
          <s.FolderApplication key={`${route.folderId}:${route.form ?? ''}`} folderId={route.folderId} person={route.person} form={route.form} />
        )} />
      )}
      {route.name === 'search' && <Later render={(s) => <s.SearchScreen />} />}
    </>
  );
}
