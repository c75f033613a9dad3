// The social worker's screens: caseload → client view → record a visit / conduct an interview,
// and the conflict screen when a queued change met a newer version on the server.
import type { OutboxEntry } from '../../db';
import { t } from '../../i18n';
import { href, useRoute } from '../../ui/router';
import { useOutboxEntries } from '../../ui/useOutbox';
import { CaseloadScreen } from './CaseloadScreen';
import { ConflictScreen } from './ConflictScreen';
import { ContractScreen, useFolderOf } from './ContractScreen';
import { FolderScreen } from './FolderScreen';
import { InterviewScreen } from './InterviewScreen';
import { MemberScreen } from './MemberScreen';
import { VisitScreen } from './VisitScreen';

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
  const route = useRoute();
  return (
    <>
      {route.name !== 'conflict' && <AttentionBanner />}
      {route.name === 'home' && <CaseloadScreen />}
      {route.name === 'folder' && <FolderScreen key={route.folderId} folderId={route.folderId} />}
      {route.name === 'visit' && <VisitScreen key={route.folderId} folderId={route.folderId} />}
      {route.name === 'interview' && <InterviewScreen key={route.folderId} folderId={route.folderId} />}
      {route.name === 'contract' && <ContractScreen key={route.folderId} folderId={route.folderId} />}
      {route.name === 'member' && (
        <MemberScreen key={route.memberId} folderId={route.folderId} memberId={route.memberId} />
      )}
      {route.name === 'conflict' && <ConflictScreen key={route.commandId} commandId={route.commandId} />}
    </>
  );
}
