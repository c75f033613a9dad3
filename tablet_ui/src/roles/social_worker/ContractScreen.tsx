// "Kontrakt socjalny" (art. 108) from the client view: the folder's contracts, signing one with a
// member of the household, and closing an open one with its outcome. Both go through the outbox
// like a visit, so they work without signal.
import { useState } from 'preact/hooks';
import { localToday } from '../../commands';
import type { ClientView, Member } from '../../contract';
import { formatDate, label, t, type MessageKey } from '../../i18n';
import {
  closeCommand,
  closeErrors,
  folderContracts,
  OUTCOMES,
  signCommand,
  signErrors,
  type CloseInput,
  type SignInput,
  type SocialContract,
} from '../../socialContracts';
import { useApp } from '../../ui/context';
import { draftKey } from '../../drafts';
import { DraftNote } from '../../ui/DraftNote';
import { useDraft } from '../../ui/useDraft';
import { href, navigate } from '../../ui/router';
import { ScreenTitle } from '../../ui/ScreenTitle';
import { useOutboxEntries } from '../../ui/useOutbox';
import { useView, ViewNote } from '../../ui/useView';
import { folderKey } from '../../views';
import { FieldError, invalidProps } from '../shared/common';
import { useContractAcks } from './contractFolders';

const fullName = (m: Member | undefined) => (m ? `${m.first_name} ${m.last_name}` : '—');


export function ContractScreen({ folderId }: { folderId: string }) {
  const { views } = useApp();
  const view = useView<ClientView>(folderKey(folderId), () => views.refreshFolder(folderId));
  const folder = view.data;
  const entries = useOutboxEntries();
  const contracts = folder ? folderContracts(folder, entries) : [];
  useContractAcks(folderId, folder);
  return (
    <main class="screen" data-testid="contract-screen">
      <a class="back" href={href.folder(folderId)}>← {t('common.back')}</a>
      <ScreenTitle>{t('contract.title')}</ScreenTitle>
      <ViewNote view={view} />
      {folder && (
        <>
          <p class="muted">{t('contract.intro')}</p>
          <section class="card" aria-labelledby="contract-list">
            <h2 id="contract-list">{t('contract.list')}</h2>
            {contracts.length === 0 && <p class="muted">{t('contract.none')}</p>}
            <ul class="plain">
              {contracts.map((c) => (
                <ContractItem key={c.contract_id} contract={c} members={folder.members ?? []} />
              ))}
            </ul>
          </section>
          <SignForm folderId={folderId} members={folder.members ?? []} />
        </>
      )}
    </main>
  );
}

function ContractItem({ contract: c, members }: { contract: SocialContract; members: Member[] }) {
  const [closing, setClosing] = useState(false);
  const state = c.closed_on ? 'closed' : 'open';
  return (
    <li class="contract-item" data-testid="contract-item" data-contract-id={c.contract_id} data-state={state}
      data-queued={String(c.queued || c.closing_queued)}>
      <strong>{fullName(members.find((m) => m.member_id === c.member_id))}</strong>{' '}
      <span class="muted">{t('contract.period', { from: formatDate(c.signed_on), to: formatDate(c.ends_on) })}</span>
      {c.queued && <span class="badge badge-pending"> {t('pending.badge')}</span>}
      <p class="line-details">{c.goals}</p>
      <p data-testid="contract-state">
        {c.closed_on
          ? t('contract.closedOn', { date: formatDate(c.closed_on), outcome: label('contract.outcome.', c.outcome) })
          : c.closing_queued ? t('contract.closing') : t('contract.open')}
      </p>
      {!c.closed_on && !c.closing_queued && (
        <button type="button" aria-expanded={closing} data-testid="contract-close-open" onClick={() => setClosing(!closing)}>
          {t('contract.close')}
        </button>
      )}
      {closing && !c.closed_on && !c.closing_queued && <CloseForm contract={c} onDone={() => setClosing(false)} />}
    </li>
  );
}

function SignForm({ folderId, members }: { folderId: string; members: Member[] }) {
  const { outbox } = useApp();
  const today = localToday();
  const [input, update, latest, draft] = useDraft<SignInput>(draftKey('contract-sign', folderId), {
    member_id: members.length === 1 ? members[0]!.member_id : '',
    signed_on: today,
    ends_on: '',
    goals: '',
  });
  const [errors, setErrors] = useState<Partial<Record<keyof SignInput, MessageKey>>>({});
  const [busy, setBusy] = useState(false);
  const value = (e: Event) => (e.currentTarget as HTMLInputElement).value;

  async function submit(event: Event) {
    event.preventDefault();
    if (busy) return;
    const current = latest();
    const found = signErrors(current, members, localToday());
    setErrors(found);
    const first = Object.keys(found)[0];
    if (first) return document.getElementById(`contract-${first}`)?.focus();
    setBusy(true);
    await outbox.enqueue(signCommand(folderId, current));
    await draft.clear();
    navigate(href.folder(folderId));
  }

  return (
    <form class="card form" onSubmit={submit} noValidate data-testid="contract-sign-form">
      <h2>{t('contract.sign')}</h2>
      <DraftNote draft={draft} />
      <label for="contract-member_id">{t('contract.member')}</label>
      <select id="contract-member_id" data-testid="contract-member" value={input.member_id}
        onChange={(e) => update({ member_id: value(e) })} {...invalidProps('contract-member_id', errors.member_id)}>
        <option value="">{t('contract.pickMember')}</option>
        {members.map((m) => (
          <option key={m.member_id} value={m.member_id}>
            {fullName(m)} ({label('relation.', m.relation)})
          </option>
        ))}
      </select>
      <FieldError id="contract-member_id-error" error={errors.member_id} />

      <label for="contract-signed_on">{t('contract.signedOn')}</label>
      <input id="contract-signed_on" type="date" max={today} data-testid="contract-signed-on" value={input.signed_on}
        onInput={(e) => update({ signed_on: value(e) })} {...invalidProps('contract-signed_on', errors.signed_on)} />
      <FieldError id="contract-signed_on-error" error={errors.signed_on} />

      <label for="contract-ends_on">{t('contract.endsOn')}</label>
      <input id="contract-ends_on" type="date" min={input.signed_on} data-testid="contract-ends-on" value={input.ends_on}
        onInput={(e) => update({ ends_on: value(e) })} {...invalidProps('contract-ends_on', errors.ends_on)} />
      <FieldError id="contract-ends_on-error" error={errors.ends_on} />

      <label for="contract-goals">{t('contract.goals')}</label>
      <p class="muted" id="contract-goals-help">{t('contract.goalsHelp')}</p>
      <textarea id="contract-goals" rows={5} data-testid="contract-goals" value={input.goals}
        onInput={(e) => update({ goals: value(e) })} {...invalidProps('contract-goals', errors.goals)} />
      <FieldError id="contract-goals-error" error={errors.goals} />

      <button type="submit" class="primary" data-testid="contract-sign-submit" disabled={busy}>
        {t('contract.signSubmit')}
      </button>
    </form>
  );
}

function CloseForm({ contract, onDone }: { contract: SocialContract; onDone: () => void }) {
  const { outbox } = useApp();
  const today = localToday();
  const [input, update, latest, draft] = useDraft<CloseInput>(draftKey('contract-close', contract.contract_id), { closed_on: today, outcome: '' });
  const [errors, setErrors] = useState<Partial<Record<keyof CloseInput, MessageKey>>>({});
  const [busy, setBusy] = useState(false);
  const id = (field: string) => `close-${contract.contract_id}-${field}`;

  async function submit(event: Event) {
    event.preventDefault();
    if (busy) return;
    const current = latest();
    const found = closeErrors(current, contract, localToday());
    setErrors(found);
    const first = Object.keys(found)[0];
    if (first) return document.getElementById(id(first))?.focus();
    setBusy(true);
    await outbox.enqueue(closeCommand(contract, current));
    await draft.clear();
    onDone();
  }

  return (
    <form class="form subform" onSubmit={submit} noValidate data-testid="contract-close-form">
      <DraftNote draft={draft} />
      <label for={id('closed_on')}>{t('contract.closedOnLabel')}</label>
      <input id={id('closed_on')} type="date" max={today} data-testid="contract-closed-on" value={input.closed_on}
        onInput={(e) => update({ closed_on: (e.currentTarget as HTMLInputElement).value })}
        {...invalidProps(id('closed_on'), errors.closed_on)} />
      <FieldError id={`${id('closed_on')}-error`} error={errors.closed_on} />
      <fieldset id={id('outcome')} tabIndex={-1} {...invalidProps(id('outcome'), errors.outcome)}>
        <legend>{t('contract.outcome')}</legend>
        {OUTCOMES.map((o) => (
          <label key={o} class="check">
            <input type="radio" name={id('outcome')} value={o} checked={input.outcome === o} data-testid="contract-outcome"
              onChange={() => update({ outcome: o })} />
            {t(`contract.outcome.${o}`)}
          </label>
        ))}
      </fieldset>
      <FieldError id={`${id('outcome')}-error`} error={errors.outcome} />
      {input.outcome === 'broken' && <p class="muted">{t('contract.brokenNote')}</p>}
      <button type="submit" class="primary" data-testid="contract-close-submit" disabled={busy}>
        {t('contract.closeSubmit')}
      </button>
    </form>
  );
}
