import type { OutboxEntry } from '../db';
import { useApp } from './context';
import { useLiveQuery } from './live';

/** The signed-in person's unsent commands, in creation order, kept live. */
export function useOutboxEntries(folderId?: string): OutboxEntry[] {
  const { outbox } = useApp();
  const [entries] = useLiveQuery(() => outbox.entries(), [outbox]);
  const all = entries ?? [];
  return folderId === undefined ? all : all.filter((e) => e.folder_id === folderId);
}
