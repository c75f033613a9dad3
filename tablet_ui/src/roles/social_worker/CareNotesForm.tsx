// What the care provider's carers should know now (issue #20): the client's health (after a
// hospital stay, a new diagnosis) and how to get in. Queued in the outbox like any command;
// the provider's orders of the folder show the new notes at once, marked as changed.
import { useState } from 'preact/hooks';
import type { ClientView } from '../../contract';
import { t } from '../../i18n';
import { useApp } from '../../ui/context';

export function careNotesCommand(folderId: string, seenVersion: number, health: string, access: string) {
  return {
    command_id: crypto.randomUUID(),
    folder_id: folderId,
    path: `/api/folders/${encodeURIComponent(folderId)}/care-notes`,
    kind: 'care_notes_updated' as const,
    seen_version: seenVersion,
    body: { occurred_at: new Date().toISOString(), health_notes: health.trim(), access_notes: access.trim() },
  };
}

export function CareNotesForm({ folderId, folder }: { folderId: string; folder: ClientView }) {
  const { outbox } = useApp();
  const [health, setHealth] = useState('');
  const [access, setAccess] = useState('');
  const [sent, setSent] = useState(false);
  const value = (e: Event) => (e.currentTarget as HTMLTextAreaElement).value;

  async function submit(event: Event) {
    event.preventDefault();
    await outbox.enqueue(careNotesCommand(folderId, folder.version, health, access));
    setSent(true);
  }

  return (
    <details class="card" data-testid="care-notes">
      <summary>{t('folder.careNotes')}</summary>
      <form class="form" onSubmit={submit} data-testid="care-notes-form">
        <p class="muted">{t('folder.careNotesHint')}</p>
        <label for="care-notes-health">{t('folder.careNotesHealth')}</label>
        <textarea id="care-notes-health" data-testid="care-notes-health" maxLength={4000} value={health}
          onInput={(e) => setHealth(value(e))} />
        <label for="care-notes-access">{t('folder.careNotesAccess')}</label>
        <textarea id="care-notes-access" data-testid="care-notes-access" maxLength={4000} value={access}
          onInput={(e) => setAccess(value(e))} />
        {sent && <p class="muted" role="status" data-testid="care-notes-sent">{t('folder.careNotesSent')}</p>}
        <button type="submit" data-testid="care-notes-submit">{t('folder.careNotesSubmit')}</button>
      </form>
    </details>
  );
}
