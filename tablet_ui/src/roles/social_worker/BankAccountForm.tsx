// The account a member's cash benefits are paid to, on the folder screen (issue #18): the IBAN
// is checked in the form (mod 97) as the server checks it, empty means cash; queued in the
// outbox like any command, so it works offline too. Once recorded the folder shows only its
// last four digits (the server seals the number; the timeline keeps "PL •••• 2874").
import { useState } from 'preact/hooks';
import { bankAccountCommand, bankAccountErrors, maskIban, type BankAccountError, type BankAccountInput } from '../../bankAccount';
import type { ClientView, Member } from '../../contract';
import { draftKey } from '../../drafts';
import { t } from '../../i18n';
import { useApp } from '../../ui/context';
import { DraftNote } from '../../ui/DraftNote';
import { useDraft } from '../../ui/useDraft';
import { FieldError, invalidProps } from '../shared/common';

const fullName = (m: Member) => `${m.first_name} ${m.last_name}`;

/** The latest recorded account of each member, from the folder's timeline (newest first). */
export function recordedAccounts(folder: ClientView): Map<string, string | null> {
  const found = new Map<string, string | null>();
  for (const item of folder.timeline ?? []) {
    const entry = item as unknown as { kind?: string; details?: { member_id?: string; account?: string | null } };
    const member = entry.details?.member_id;
    if (entry.kind === 'bank_account_recorded' && member && !found.has(member)) {
      found.set(member, entry.details?.account ?? null);
    }
  }
  return found;
}

export function BankAccountForm({ folderId, folder }: { folderId: string; folder: ClientView }) {
  const { outbox } = useApp();
  const members = (folder.members ?? []).filter((m) => !m.left_on);
  const [input, setInput, latest, draft] = useDraft<BankAccountInput>(draftKey('bank-account', folderId),
    { member_id: members[0]?.member_id ?? '', iban: '' });
  const [error, setError] = useState<BankAccountError | undefined>(undefined);
  const [sent, setSent] = useState<string | null>(null);
  const recorded = recordedAccounts(folder);

  async function submit(event: Event) {
    event.preventDefault();
    const input = latest();
    const found = bankAccountErrors(input).iban;
    setError(found);
    if (found) return;
    // The draft goes before the command is queued (see OrderScreen's SuspendForm): the typed
    // number is not kept on the tablet longer than the outbox needs it.
    await draft.clear({ iban: '' });
    await outbox.enqueue(bankAccountCommand(folderId, folder.version, input));
    const member = members.find((m) => m.member_id === input.member_id);
    const what = input.iban.trim() ? t('account.masked', { account: maskIban(input.iban) }) : t('account.cash');
    setSent(`${member ? fullName(member) : ''}: ${what}`);
  }

  if (folder.status !== 'open' || members.length === 0) return null;
  return (
    <section class="card" aria-labelledby="folder-account" data-testid="account-section">
      <h2 id="folder-account">{t('account.title')}</h2>
      <p class="muted">{t('account.hint')}</p>
      {recorded.size > 0 && (
        <ul class="plain" data-testid="account-recorded">
          {members.filter((m) => recorded.has(m.member_id)).map((m) => {
            const account = recorded.get(m.member_id);
            return (
              <li key={m.member_id} data-testid="account-recorded-line">
                {fullName(m)}: <span class="mono">{account ? t('account.masked', { account }) : t('account.cash')}</span>
              </li>
            );
          })}
        </ul>
      )}
      <form class="form" onSubmit={submit} noValidate data-testid="account-form">
        <DraftNote draft={draft} />
        <label for="account-member">{t('account.member')}</label>
        <select id="account-member" data-testid="account-member" value={input.member_id}
          onChange={(e) => setInput({ member_id: (e.currentTarget as HTMLSelectElement).value })}>
          {members.map((m) => <option key={m.member_id} value={m.member_id}>{fullName(m)}</option>)}
        </select>
        <label for="account-iban">{t('account.iban')}</label>
        <input id="account-iban" class="mono" inputMode="text" autoComplete="off" spellcheck={false} maxLength={50}
          data-testid="account-iban" value={input.iban} placeholder="PL61 1090 1014 0000 0712 1981 2874"
          onInput={(e) => setInput({ iban: (e.currentTarget as HTMLInputElement).value })} {...invalidProps('account-iban', error)} />
        <FieldError id="account-iban-error" error={error} />
        {sent && <p class="muted" data-testid="account-sent">{t('account.sent', { what: sent })}</p>}
        <button type="submit" data-testid="account-submit">{t('account.submit')}</button>
      </form>
    </section>
  );
}
