// "Nowa teczka": the head of the household and the address. The command goes through the
// outbox, so it works without signal; the folder is the social worker's at once (her team,
// her caseload) or, from first contact, the team the address decides.
import { useState } from 'preact/hooks';
import { DOCUMENT_KINDS, emptyFolderInput, newFolderErrors, openFolderCommand, prefillFrom, type FolderErrors, type NewFolderInput } from '../../intake';
import type { NewCommand } from '../../outbox';
import { t } from '../../i18n';
import { useApp } from '../../ui/context';
import { useFormState } from '../../ui/formState';
import { ScreenTitle } from '../../ui/ScreenTitle';
import { FieldError, invalidProps } from './common';

interface Props {
  /** The social worker's own team; null for first contact (the address decides). */
  teamId: string | null;
  query: string;
  back: string;
  onSaved: (command: NewCommand) => void;
}

export function NewFolderScreen({ teamId, query, back, onSaved }: Props) {
  const { outbox, notify } = useApp();
  const [input, update, latest] = useFormState<NewFolderInput>(emptyFolderInput(prefillFrom(query)));
  const [errors, setErrors] = useState<FolderErrors>({});
  const [busy, setBusy] = useState(false);

  async function submit(event: Event) {
    event.preventDefault();
    if (busy) return;
    const value = latest();
    const found = newFolderErrors(value);
    setErrors(found);
    const first = Object.keys(found)[0];
    if (first) {
      document.getElementById(`nf-${first}`)?.focus();
      return;
    }
    setBusy(true);
    const command = openFolderCommand(value, teamId);
    await outbox.enqueue(command);
    notify(t('newFolder.saved', { name: `${value.first_name.trim()} ${value.last_name.trim()}` }));
    onSaved(command);
  }

  const field = (name: keyof NewFolderInput, labelKey: Parameters<typeof t>[0], extra: Record<string, unknown> = {}) => (
    <>
      <label for={`nf-${name}`}>{t(labelKey)}</label>
      <input id={`nf-${name}`} data-testid={`nf-${name}`} value={input[name]}
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
        <fieldset>
          <legend>{t('newFolder.address')}</legend>
          {field('street', 'newFolder.street')}
          {field('building', 'newFolder.building')}
          {field('flat', 'newFolder.flat')}
          {field('postal_code', 'newFolder.postalCode', { inputMode: 'numeric', placeholder: '00-000' })}
          {field('city', 'newFolder.city')}
          {field('teryt', 'newFolder.teryt', { inputMode: 'numeric', maxLength: 7 })}
        </fieldset>
        {/* A person with no fixed address (homeless) is a separate choice, not an empty address:
            it goes here, apart from the address fields, once the API offers it (issue #17). */}
        <p class="placeholder-option muted" data-testid="no-fixed-address-placeholder">{t('newFolder.noFixedAddress')}</p>
        <button type="submit" class="primary" data-testid="new-folder-submit" disabled={busy}>
          {t('newFolder.submit')}
        </button>
      </form>
    </main>
  );
}
