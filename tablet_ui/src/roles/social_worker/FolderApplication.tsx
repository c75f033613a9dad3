// An application from a folder: for one of the members as the tablet last read them, or for the
// head named in a folder opened here and not sent yet.
import { useEffect } from 'preact/hooks';
import type { ClientView, Member } from '../../contract';
import { useApp } from '../../ui/context';
import { useLiveQuery } from '../../ui/live';
import { href } from '../../ui/router';
import { useOutboxEntries } from '../../ui/useOutbox';
import { folderKey } from '../../views';
import { ApplicationScreen, type Person } from '../shared/ApplicationScreen';

export function FolderApplication({ folderId, person, form }: { folderId: string; person: string | null; form: string | null }) {
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
