// A social contract's commands are queued under the contract, not the folder: which folder such a
// command is about (the attention banner on every screen, the conflict screen) and the folder's
// re-read when one is acknowledged (the folder screen). Apart from the contract screen, which is
// loaded only when opened.
import { useRef } from 'preact/hooks';
import type { ClientView } from '../../contract';
import type { OutboxEntry } from '../../db';
import { CONTRACT_KINDS, folderContracts, folderOfSign } from '../../socialContracts';
import { useApp } from '../../ui/context';
import { useLiveQuery } from '../../ui/live';
import { useOutboxEntries } from '../../ui/useOutbox';
import { folderKey } from '../../views';
import { useAcked } from '../shared/common';

/**
 * The folder a queued command is about: its own key, or for a social contract's command (queued
 * under the contract) the folder of its sign, or of a kept client view that lists the contract.
 */
export function useFolderOf(entry: OutboxEntry | undefined): string | undefined {
  const { views, outbox } = useApp();
  const [found] = useLiveQuery(async () => {
    if (!entry) return undefined;
    if (!CONTRACT_KINDS.includes(entry.kind)) return entry.folder_id;
    const sign = (await outbox.entries()).find((e) => e.folder_id === entry.folder_id && folderOfSign(e));
    if (sign) return folderOfSign(sign)!;
    for (const kept of await views.cachedWithPrefix(folderKey(''))) {
      const folder = kept.data as ClientView;
      if (folderContracts(folder, []).some((c) => c.contract_id === entry.folder_id)) return folder.folder_id;
    }
    return undefined;
  }, [entry?.command_id]);
  return found;
}

/**
 * Read your own write for contract commands: they are queued under the contract's id, so the
 * app's own re-read (by folder) does not see them; the folder is read again here instead.
 */
export function useContractAcks(folderId: string, folder: ClientView | undefined): void {
  const { views } = useApp();
  const entries = useOutboxEntries();
  // kept for the screen's life: a sign leaves the outbox before the re-read shows its contract
  const ids = useRef(new Set<string>()).current;
  if (folder) for (const c of folderContracts(folder, entries)) ids.add(c.contract_id);
  useAcked(null, (position, event) => {
    if (ids.has(event.folder_id)) void views.refreshFolder(folderId, position).catch(() => undefined);
  });
}
