// The household moved (or its address was wrong): the worker records the new address and the
// day it changed, queued in the outbox like any command. The provider's open orders of the
// folder follow it at once (issue #20: the coordinator's screen and the caregiver's card).
import { useState } from 'preact/hooks';
import type { ClientView } from '../../contract';
import { localToday } from '../../commands';
import { t, type MessageKey } from '../../i18n';
import { useApp } from '../../ui/context';
import { AddressFields, addressBody, addressErrors, emptyAddress, type AddressInput } from '../shared/AddressFields';

export function addressCommand(folderId: string, seenVersion: number, input: AddressInput, changedOn: string) {
  return {
    command_id: crypto.randomUUID(),
    folder_id: folderId,
    path: `/api/folders/${encodeURIComponent(folderId)}/address`,
    kind: 'address_changed' as const,
    seen_version: seenVersion,
    body: { occurred_at: new Date().toISOString(), address: addressBody(input), changed_on: changedOn },
  };
}

export function AddressForm({ folderId, folder }: { folderId: string; folder: ClientView }) {
  const { outbox } = useApp();
  const [input, setInput] = useState<AddressInput>({ ...emptyAddress, teryt: folder.address?.teryt ?? '' });
  const [changedOn, setChangedOn] = useState(localToday());
  const [errors, setErrors] = useState<Partial<Record<keyof AddressInput, MessageKey>>>({});
  const [sent, setSent] = useState(false);

  async function submit(event: Event) {
    event.preventDefault();
    const found = addressErrors(input);
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    await outbox.enqueue(addressCommand(folderId, folder.version, input, changedOn));
    setSent(true);
  }

  return (
    <details class="card" data-testid="address-change">
      <summary>{t('folder.changeAddress')}</summary>
      <form class="form" onSubmit={submit} noValidate data-testid="address-form">
        <AddressFields value={input} onChange={(patch) => setInput({ ...input, ...patch })} errors={errors} idPrefix="move" />
        <label for="move-changed-on">{t('folder.addressChangedOn')}</label>
        <input id="move-changed-on" type="date" data-testid="move-changed-on" value={changedOn} max={localToday()}
          onInput={(e) => setChangedOn((e.currentTarget as HTMLInputElement).value)} />
        {sent && <p class="muted" role="status" data-testid="address-sent">{t('folder.addressSent')}</p>}
        <button type="submit" data-testid="address-submit">{t('folder.saveAddress')}</button>
      </form>
    </details>
  );
}
