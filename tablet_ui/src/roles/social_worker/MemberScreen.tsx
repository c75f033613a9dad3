// A change of the household as a dated fact: a member leaves (with a reason), dies, or
// becomes the head, on the day the worker states (may be earlier than today). The head leaves
// or dies only with a new head named from those who stay (the server refuses otherwise).
import { useState } from 'preact/hooks';
import {
  localToday,
  memberChangeCommand,
  memberChangeErrors,
  type MemberChange,
  type MemberChangeInput,
} from '../../commands';
import type { ClientView, Member } from '../../contract';
import { t, type MessageKey } from '../../i18n';
import { useApp } from '../../ui/context';
import { useFormState } from '../../ui/formState';
import { href, navigate } from '../../ui/router';
import { ScreenTitle } from '../../ui/ScreenTitle';
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

export function MemberScreen({ folderId, memberId }: { folderId: string; memberId: string }) {
  const { views, outbox } = useApp();
  const view = useView<ClientView>(folderKey(folderId), () => views.refreshFolder(folderId));
  const today = localToday();
  const [input, update, latest] = useFormState<MemberChangeInput>({
    change: 'leaves', on: today, reason: '', new_head_id: '', previous_head_relation: 'other_relative',
  });
  const [errors, setErrors] = useState<ReturnType<typeof memberChangeErrors>>({});
  const [busy, setBusy] = useState(false);
  const members = view.data?.members ?? [];
  const member = members.find((m) => m.member_id === memberId);
  const isHead = member?.relation === 'head';
  const staying = members.filter((m) => m.member_id !== memberId && !m.left_on);
  const needsNewHead = isHead && input.change !== 'head';
  const set = (field: keyof MemberChangeInput) => (e: Event) =>
    update({ [field]: (e.currentTarget as HTMLInputElement).value });

  async function submit(event: Event) {
    event.preventDefault();
    if (!view.data || busy || !member) return;
    const input = latest();
    const found = memberChangeErrors(input, localToday(), isHead && input.change !== 'head');
    setErrors(found);
    if (Object.keys(found).length) {
      document.getElementById(`member-${Object.keys(found)[0]}`)?.focus();
      return;
    }
    setBusy(true);
    await outbox.enqueue(memberChangeCommand(folderId, view.data.version, memberId, input));
    // The outbox notice says what happens to it (waiting, sent, failed): no notice of its own.
    navigate(href.folder(folderId));
  }

  const invalid = (field: keyof MemberChangeInput) =>
    errors[field] ? { 'aria-invalid': true, 'aria-describedby': `member-${field}-error` } : {};

  return (
    <main class="screen">
      <a class="back" href={href.folder(folderId)}>← {t('common.back')}</a>
      <ScreenTitle>{t('household.title', { name: member ? fullName(member) : '…' })}</ScreenTitle>
      {!view.data && <ViewNote view={view} />}
      {member?.left_on && <p class="banner" role="status">{t('household.gone')}</p>}
      {member && !member.left_on && (
        <form class="card form" onSubmit={submit} noValidate data-testid="member-form">
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
      )}
    </main>
  );
}
