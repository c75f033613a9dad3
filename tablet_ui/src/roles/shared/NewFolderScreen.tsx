// "Nowa teczka": the head of the household and the address. The command goes through the
// outbox, so it works without signal; the folder is the social worker's at once (her team,
// her caseload) or, from first contact, the team the address decides. A homeless person's
// folder has no fixed address: the municipality of last permanent residence and where the
// person can be met (AddressFields' "bez stałego adresu"). What is typed is kept as a draft
// until it is sent or discarded; a draft per prefill, so a new search's link starts afresh.
import { useState } from 'preact/hooks';
import { draftKey } from '../../drafts';
import { DOCUMENT_KINDS, emptyFolderInput, newFolderErrors, openFolderCommand, prefillFrom, type FolderErrors, type NewFolderInput } from '../../intake';
import type { NewCommand } from '../../outbox';
import { t } from '../../i18n';
import { useApp } from '../../ui/context';
import { DraftNote } from '../../ui/DraftNote';
import { ScreenTitle } from '../../ui/ScreenTitle';
import { useDraft } from '../../ui/useDraft';
import { AddressFields } from './AddressFields';
import { FieldError, invalidProps } from './common';

interface Props {
  /** The social worker's own team; null for first contact (the address decides). */
  teamId: string | null;
  query: string;
  back: string;
  onSaved: (command: NewCommand) => void;
}

export function NewFolderScreen({ teamId, query, back, onSaved }: Props) {
  const { outbox } = useApp();
  const [input, update, latest, draft] = useDraft<NewFolderInput>(draftKey('new-folder', query || '-'), emptyFolderInput(prefillFrom(query)));
  const [errors, setErrors] = useState<FolderErrors>({});
  const [busy, setBusy] = useState(false);

  async function submit(event: Event) {
    event.preventDefault();
    if (busy) return;
    const value = latest();
    const found = newFolderErrors(value, teamId === null);
    setErrors(found);
    const first = Object.keys(found)[0];
    if (first) {
      document.getElementById(`nf-${first}`)?.focus();
      return;
    }
    setBusy(true);
    const command = openFolderCommand(value, teamId);
    // The draft goes before the command is queued (see OrderScreen's SuspendForm).
    await draft.clear();
    await outbox.enqueue(command);
    // The outbox notice says what becomes of it (waiting, sent, failed): no notice of its own.
    onSaved(command);
  }

  const field = (name: keyof NewFolderInput, labelKey: Parameters<typeof t>[0], extra: Record<string, unknown> = {}) => (
    <>
      <label for={`nf-${name}`}>{t(labelKey)}</label>
      <input id={`nf-${name}`} data-testid={`nf-${name}`} value={String(input[name])}
        onInput={(e) => update({ [name]: (e.currentTarget as HTMLInputElement).value })}
        {...invalidProps(`nf-${name}`, errors[name])} {...extra} />
      <FieldError id={`nf-${name}-error`} error={errors[name]} />
    </>
  );

  return (
    <main class="screen">
      <a class="back" href={back}>
        ← {t('common.back')}
      </a>
      <ScreenTitle>{t('newFolder.title')}</ScreenTitle>
      <form class="card form" onSubmit={submit} noValidate data-testid="new-folder-form">
        <DraftNote draft={draft} />
        <p class="muted" data-testid="new-folder-team">
          {teamId ? t('newFolder.teamNote', { team: teamId }) : t('newFolder.teamByAddress')}
        </p>
        <fieldset>
          <legend>{t('newFolder.head')}</legend>
          {field('first_name', 'newFolder.firstName', { autocomplete: 'off' })}
          {field('last_name', 'newFolder.lastName', { autocomplete: 'off' })}
          {field('pesel', 'newFolder.pesel', { inputMode: 'numeric', maxLength: 11 })}
          <label for="nf-document_kind">{t('newFolder.documentKind')}</label>
          <select id="nf-document_kind" data-testid="nf-document_kind" value={input.document_kind}
            onChange={(e) => update({ document_kind: (e.currentTarget as HTMLSelectElement).value })}>
            {DOCUMENT_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {t(`newFolder.doc.${kind}`)}
              </option>
            ))}
          </select>
          {field('document_number', 'newFolder.documentNumber', { autocomplete: 'off' })}
        </fieldset>
        {/* A person with no fixed address (homeless) is a separate choice, not an empty address. */}
        <AddressFields idPrefix="nf" legend={t('newFolder.address')} value={input} onChange={update} errors={errors} />
        {teamId === null && (
          <>
            {/* First contact: the areas table picks the team by street and postal code; for an
                address it cannot place (always a homeless person's) she names the team. */}
            {field('team_id', 'newFolder.team', { autocomplete: 'off', placeholder: 'ZTPS-1' })}
            <p class="muted">{t('newFolder.teamHint')}</p>
          </>
        )}
        <button type="submit" class="primary" data-testid="new-folder-submit" disabled={busy}>
          {t('newFolder.submit')}
        </button>
      </form>
    </main>
  );
}
