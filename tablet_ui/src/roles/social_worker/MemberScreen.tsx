// A change of the household as a dated fact: a member leaves (with a reason), dies, or
// becomes the head, on the day the worker states (may be earlier than today). The head leaves
// or dies only with a new head named from those who stay (the server refuses otherwise).
// Below it, a correction of the dates recorded (joined; left or died), for a date typed wrongly.
// `#/folder/{id}/member/new`: a person joins the household from the day stated. Every form
// keeps a draft until it is sent or discarded.
import { useState } from 'preact/hooks';
import {
  localToday,
  memberChangeCommand,
  memberChangeErrors,
  membershipCorrectionCommand,
  membershipCorrectionErrors,
  newMemberCommand,
  newMemberErrors,
  type MemberChange,
  type MemberChangeInput,
  type MembershipCorrectionInput,
  type NewMemberInput,
} from '../../commands';
import type { ClientView, Member } from '../../contract';
import { draftKey } from '../../drafts';
import { DOCUMENT_KINDS } from '../../intake';
import { t, type MessageKey } from '../../i18n';
import { useApp } from '../../ui/context';
import { DraftNote } from '../../ui/DraftNote';
import { href, navigate } from '../../ui/router';
import { ScreenTitle } from '../../ui/ScreenTitle';
import { useDraft } from '../../ui/useDraft';
import { useView, ViewNote } from '../../ui/useView';
import { folderKey } from '../../views';

const RELATIONS = ['spouse', 'partner', 'child', 'parent', 'sibling', 'grandchild', 'grandparent',
  'other_relative', 'unrelated'] as const;
const CHANGES: [MemberChange, MessageKey][] = [
  ['leaves', 'household.leaves'],
  ['died', 'household.diedOption'],
  ['head', 'household.newHeadOption'],
];

const fullName = (m: Member) => `${m.first_name} ${m.last_name}`;

function FieldError({ id, error }: { id: string; error?: MessageKey }) {
  return error ? <p id={id} class="field-error">{t(error)}</p> : null;
}

/** `memberId` 'new' (href.newMember): the form for a person joining the household. */
export function MemberScreen({ folderId, memberId }: { folderId: string; memberId: string }) {
  const { views } = useApp();
  const view = useView<ClientView>(folderKey(folderId), () => views.refreshFolder(folderId));
  if (memberId === 'new') return <NewMemberScreen folderId={folderId} folder={view.data} />;
  const member = view.data?.members?.find((m) => m.member_id === memberId);
  return (
    <main class="screen">
      <a class="back" href={href.folder(folderId)}>← {t('common.back')}</a>
      <ScreenTitle>{t('household.title', { name: member ? fullName(member) : '…' })}</ScreenTitle>
      {!view.data && <ViewNote view={view} />}
      {member?.left_on && <p class="banner" role="status">{t('household.gone')}</p>}
      {view.data && member && !member.left_on && <ChangeForm folderId={folderId} folder={view.data} member={member} />}
      {view.data && member && view.data.status === 'open' && (
        <CorrectionForm key={`${member.joined_on}:${member.left_on}`} folderId={folderId} folder={view.data} member={member} />
      )}
    </main>
  );
}

function ChangeForm({ folderId, folder, member }: { folderId: string; folder: ClientView; member: Member }) {
  const { outbox } = useApp();
  const memberId = member.member_id;
  const today = localToday();
  const [input, update, latest, draft] = useDraft<MemberChangeInput>(draftKey('member-change', `${folderId}:${memberId}`), {
    change: 'leaves', on: today, reason: '', new_head_id: '', previous_head_relation: 'other_relative',
  });
  const [errors, setErrors] = useState<ReturnType<typeof memberChangeErrors>>({});
  const [busy, setBusy] = useState(false);
  const members = folder.members ?? [];
  const isHead = member?.relation === 'head';
  const staying = members.filter((m) => m.member_id !== memberId && !m.left_on);
  const needsNewHead = isHead && input.change !== 'head';
  const set = (field: keyof MemberChangeInput) => (e: Event) =>
    update({ [field]: (e.currentTarget as HTMLInputElement).value });

  async function submit(event: Event) {
    event.preventDefault();
    if (busy) return;
    const input = latest();
    const found = memberChangeErrors(input, localToday(), isHead && input.change !== 'head');
    setErrors(found);
    if (Object.keys(found).length) {
      document.getElementById(`member-${Object.keys(found)[0]}`)?.focus();
      return;
    }
    setBusy(true);
    // The draft goes before the command is queued (see OrderScreen's SuspendForm).
    await draft.clear();
    await outbox.enqueue(memberChangeCommand(folderId, folder.version, memberId, input));
    // The outbox notice says what happens to it (waiting, sent, failed): no notice of its own.
    navigate(href.folder(folderId));
  }

  const invalid = (field: keyof MemberChangeInput) =>
    errors[field] ? { 'aria-invalid': true, 'aria-describedby': `member-${field}-error` } : {};

  return (
    <form class="card form" onSubmit={submit} noValidate data-testid="member-form">
      <DraftNote draft={draft} />
      <fieldset>
        <legend>{t('household.what')}</legend>
        {CHANGES.filter(([c]) => !(c === 'head' && isHead)).map(([change, key]) => (
          <label key={change} class="check">
            <input type="radio" name="member-change" value={change} data-testid={`member-change-${change}`}
              checked={input.change === change} onChange={() => update({ change })} />
            {t(key)}
          </label>
        ))}
      </fieldset>

      <label for="member-on">{t('household.on')}</label>
      <input id="member-on" data-testid="member-on" type="date" max={today} required
        value={input.on} onInput={set('on')} {...invalid('on')} />
      <FieldError id="member-on-error" error={errors.on} />

      {input.change === 'leaves' && (
        <>
          <label for="member-reason">{t('household.reason')}</label>
          <input id="member-reason" data-testid="member-reason" value={input.reason}
            onInput={set('reason')} {...invalid('reason')} />
          <FieldError id="member-reason-error" error={errors.reason} />
        </>
      )}

      {needsNewHead && (
        <>
          <p class="muted">{t('household.newHeadHint')}</p>
          <label for="member-new_head_id">{t('household.newHead')}</label>
          <select id="member-new_head_id" data-testid="member-new-head" value={input.new_head_id}
            onChange={set('new_head_id')} {...invalid('new_head_id')}>
            <option value="">{t('household.choose')}</option>
            {staying.map((m) => <option key={m.member_id} value={m.member_id}>{fullName(m)}</option>)}
          </select>
          <FieldError id="member-new_head_id-error" error={errors.new_head_id} />
        </>
      )}

      {input.change === 'head' && (
        <>
          <label for="member-previous_head_relation">{t('household.previousRelation')}</label>
          <select id="member-previous_head_relation" data-testid="member-previous-relation"
            value={input.previous_head_relation} onChange={set('previous_head_relation')}>
            {RELATIONS.map((r) => <option key={r} value={r}>{t(`relation.${r}` as MessageKey)}</option>)}
          </select>
        </>
      )}

      <button type="submit" class="primary" data-testid="member-submit" disabled={busy}>
        {t('household.submit')}
      </button>
    </form>
  );
}

/** The dates recorded, corrected: when the member joined and, if they left or died, that day. */
function CorrectionForm({ folderId, folder, member }: { folderId: string; folder: ClientView; member: Member }) {
  const { outbox } = useApp();
  const today = localToday();
  const recorded = { joined_on: member.joined_on ?? null, left_on: member.left_on ?? null };
  const [input, update, latest, draft] = useDraft<MembershipCorrectionInput>(
    draftKey('membership-correction', `${folderId}:${member.member_id}`),
    { joined_on: recorded.joined_on ?? '', ended_on: recorded.left_on ?? '' },
  );
  const [errors, setErrors] = useState<ReturnType<typeof membershipCorrectionErrors>>({});
  const [busy, setBusy] = useState(false);
  const set = (field: keyof MembershipCorrectionInput) => (e: Event) =>
    update({ [field]: (e.currentTarget as HTMLInputElement).value });

  async function submit(event: Event) {
    event.preventDefault();
    if (busy) return;
    const value = latest();
    const found = membershipCorrectionErrors(value, recorded, localToday());
    setErrors(found);
    if (Object.keys(found).length) {
      document.getElementById(`correct-${Object.keys(found)[0]}`)?.focus();
      return;
    }
    setBusy(true);
    // The draft goes before the command is queued (see OrderScreen's SuspendForm).
    await draft.clear();
    await outbox.enqueue(membershipCorrectionCommand(folderId, folder.version, member.member_id, value, recorded));
    navigate(href.folder(folderId));
  }

  const invalid = (field: keyof MembershipCorrectionInput) =>
    errors[field] ? { 'aria-invalid': true, 'aria-describedby': `correct-${field}-error` } : {};

  return (
    <form class="card form" onSubmit={submit} noValidate data-testid="correction-form" aria-labelledby="correct-title">
      <h2 id="correct-title">{t('household.correctTitle')}</h2>
      <p class="muted">{t('household.correctHint')}</p>
      <DraftNote draft={draft} />
      <label for="correct-joined_on">{t('household.correctJoined')}</label>
      <input id="correct-joined_on" data-testid="correct-joined-on" type="date" max={today}
        value={input.joined_on} onInput={set('joined_on')} {...invalid('joined_on')} />
      <FieldError id="correct-joined_on-error" error={errors.joined_on} />
      {recorded.left_on && (
        <>
          <label for="correct-ended_on">
            {member.end_kind === 'died' ? t('household.correctDied') : t('household.correctLeft')}
          </label>
          <input id="correct-ended_on" data-testid="correct-ended-on" type="date" max={today}
            value={input.ended_on} onInput={set('ended_on')} {...invalid('ended_on')} />
          <FieldError id="correct-ended_on-error" error={errors.ended_on} />
        </>
      )}
      {errors.form && <p class="error" role="alert" id="correct-form" tabIndex={-1} data-testid="correct-error">{t(errors.form)}</p>}
      <button type="submit" data-testid="correct-submit" disabled={busy}>{t('household.correctSubmit')}</button>
    </form>
  );
}

/** A person joins the household from the day stated (may be before today, not after). */
function NewMemberScreen({ folderId, folder }: { folderId: string; folder: ClientView | undefined }) {
  const { outbox } = useApp();
  const today = localToday();
  const [input, update, latest, draft] = useDraft<NewMemberInput>(draftKey('new-member', folderId), {
    first_name: '', last_name: '', pesel: '', document_kind: 'id_card', document_number: '', birth_date: '',
    relation: '', joined_on: today,
  });
  const [errors, setErrors] = useState<ReturnType<typeof newMemberErrors>>({});
  const [busy, setBusy] = useState(false);
  const set = (field: keyof NewMemberInput) => (e: Event) =>
    update({ [field]: (e.currentTarget as HTMLInputElement).value });
  const invalid = (field: keyof NewMemberInput) =>
    errors[field] ? { 'aria-invalid': true, 'aria-describedby': `nm-${field}-error` } : {};

  async function submit(event: Event) {
    event.preventDefault();
    if (busy) return;
    const value = latest();
    const found = newMemberErrors(value, localToday());
    setErrors(found);
    if (Object.keys(found).length) {
      document.getElementById(`nm-${Object.keys(found)[0]}`)?.focus();
      return;
    }
    setBusy(true);
    // The draft goes before the command is queued (see OrderScreen's SuspendForm).
    await draft.clear();
    // A folder opened on this tablet and not sent yet (no view of it): once opened it is at
    // version 1 (one FolderOpened), which is what this command then expects.
    await outbox.enqueue(newMemberCommand(folderId, folder?.version ?? 1, value));
    navigate(folder ? href.folder(folderId) : href.home());
  }

  const text = (field: keyof NewMemberInput, labelKey: MessageKey, props: Record<string, unknown> = {}) => (
    <>
      <label for={`nm-${field}`}>{t(labelKey)}</label>
      <input id={`nm-${field}`} data-testid={`nm-${field}`} value={input[field]} onInput={set(field)}
        {...invalid(field)} {...props} />
      <FieldError id={`nm-${field}-error`} error={errors[field]} />
    </>
  );

  return (
    <main class="screen">
      <a class="back" href={folder ? href.folder(folderId) : href.home()}>← {t('common.back')}</a>
      <ScreenTitle>{t('household.addTitle')}</ScreenTitle>
      <form class="card form" onSubmit={submit} noValidate data-testid="new-member-form">
        <DraftNote draft={draft} />
        {text('first_name', 'newFolder.firstName', { autocomplete: 'off' })}
        {text('last_name', 'newFolder.lastName', { autocomplete: 'off' })}
        {text('pesel', 'newFolder.pesel', { inputMode: 'numeric', maxLength: 11 })}
        <label for="nm-document_kind">{t('newFolder.documentKind')}</label>
        <select id="nm-document_kind" data-testid="nm-document_kind" value={input.document_kind} onChange={set('document_kind')}>
          {DOCUMENT_KINDS.map((kind) => <option key={kind} value={kind}>{t(`newFolder.doc.${kind}`)}</option>)}
        </select>
        {text('document_number', 'newFolder.documentNumber', { autocomplete: 'off' })}
        {text('birth_date', 'household.birthDate', { type: 'date', max: today })}
        <label for="nm-relation">{t('household.relation')}</label>
        <select id="nm-relation" data-testid="nm-relation" value={input.relation} onChange={set('relation')} {...invalid('relation')}>
          <option value="">{t('household.choose')}</option>
          {RELATIONS.map((r) => <option key={r} value={r}>{t(`relation.${r}` as MessageKey)}</option>)}
        </select>
        <FieldError id="nm-relation-error" error={errors.relation} />
        {text('joined_on', 'household.joinedOn', { type: 'date', max: today })}
        <button type="submit" class="primary" data-testid="nm-submit" disabled={busy}>{t('household.addSubmit')}</button>
      </form>
    </main>
  );
}
