// The household's income on the folder screen: each member's net income for the month before
// the application (art. 8 ust. 3), entered during the interview; queued in the outbox like any
// command, so it works offline too. What is typed is kept as a draft until it is sent.
import { useState } from 'preact/hooks';
import { incomeCommand, incomeErrors, lastMonth, type IncomeField, type IncomeInput } from '../../benefits';
import type { ClientView, Member } from '../../contract';
import { draftKey } from '../../drafts';
import { t, type MessageKey } from '../../i18n';
import { useApp } from '../../ui/context';
import { DraftNote } from '../../ui/DraftNote';
import { useDraft } from '../../ui/useDraft';
import { FieldError, invalidProps } from '../shared/common';

const fullName = (m: Member) => `${m.first_name} ${m.last_name}`;

export function IncomeForm({ folderId, folder }: { folderId: string; folder: ClientView }) {
  const { outbox } = useApp();
  const members = folder.members ?? [];
  const [input, setInput, latest, draft] = useDraft<IncomeInput>(draftKey('income', folderId),
    { member_id: members[0]?.member_id ?? '', month: lastMonth(), net_income: '' });
  const [errors, setErrors] = useState<Partial<Record<IncomeField, MessageKey>>>({});
  const [sent, setSent] = useState<string[]>([]);
  const value = (e: Event) => (e.currentTarget as HTMLInputElement).value;

  async function submit(event: Event) {
    event.preventDefault();
    const input = latest();
    const found = incomeErrors(input);
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    // The form stays for the next member: it shows them, and that is no draft yet. The draft
    // goes before the command is queued (see OrderScreen's SuspendForm).
    const next = members.findIndex((m) => m.member_id === input.member_id) + 1;
    await draft.clear({ member_id: members[next]?.member_id ?? input.member_id, net_income: '' });
    await outbox.enqueue(incomeCommand(folderId, folder.version, input));
    const member = members.find((m) => m.member_id === input.member_id);
    setSent([...sent, `${member ? fullName(member) : ''}: ${input.net_income} zł`]);
  }

  return (
    <section class="card" aria-labelledby="folder-income" data-testid="income-section">
      <h2 id="folder-income">{t('income.title')}</h2>
      <p class="muted">{t('income.hint')}</p>
      <form class="form" onSubmit={submit} noValidate data-testid="income-form">
        <DraftNote draft={draft} />
        <label for="income-member">{t('income.member')}</label>
        <select id="income-member" data-testid="income-member" value={input.member_id}
          onChange={(e) => setInput({ member_id: (e.currentTarget as HTMLSelectElement).value })}>
          {members.map((m) => <option key={m.member_id} value={m.member_id}>{fullName(m)}</option>)}
        </select>
        <div class="grid2">
          <div class="form">
            <label for="income-month">{t('income.month')}</label>
            <input id="income-month" type="month" data-testid="income-month" value={input.month}
              onInput={(e) => setInput({ month: value(e) })} {...invalidProps('income-month', errors.month)} />
            <FieldError id="income-month-error" error={errors.month} />
          </div>
          <div class="form">
            <label for="income-amount">{t('income.amount')}</label>
            <input id="income-amount" inputMode="decimal" data-testid="income-amount" value={input.net_income}
              onInput={(e) => setInput({ net_income: value(e) })} {...invalidProps('income-amount', errors.net_income)} />
            <FieldError id="income-amount-error" error={errors.net_income} />
          </div>
        </div>
        {sent.length > 0 && <p class="muted" data-testid="income-sent">{t('income.declared', { items: sent.join('; ') })}</p>}
        <button type="submit" data-testid="income-submit">{t('income.submit')}</button>
      </form>
    </section>
  );
}
