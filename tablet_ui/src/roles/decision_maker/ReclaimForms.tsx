// The decision maker's "Zwrot nienależnego świadczenia" (a reclaim decision, art. 98 u.p.s.:
// amount, period, basis, justification, the due dates) and "Wezwanie" (a summons, art. 50 /
// art. 64 § 2 KPA: to appear or to supply a document within at least 7 days). Sent online:
// the server checks the amount against what was paid, and issues the document with it.
import { useState } from 'preact/hooks';
import { addMonths, grosze, instalments, reclaimPath, summonsPath, zl } from '../../receivables';
import { localToday } from '../../commands';
import type { Proceeding } from '../../contract';
import { defaultSignatory } from '../../care';
import { formatDate, t, type MessageKey } from '../../i18n';
import { useApp } from '../../ui/context';
import { errorText } from '../../ui/errors';
import { Section } from '../shared/common';

type Open = 'reclaim' | 'summons' | null;

export function ReclaimActions({ proceeding, onDone }: { proceeding: Proceeding; onDone: (position: number) => void }) {
  const [open, setOpen] = useState<Open>(null);
  const cash = proceeding.outcome === 'grant' && !!proceeding.decision_id;
  return (
    <Section title={t('rec.actions')} testid="reclaim-actions">
      <div class="actions-row">
        {cash && (
          <button type="button" class={open === 'reclaim' ? 'primary' : undefined} aria-expanded={open === 'reclaim'}
            data-testid="open-reclaim" onClick={() => setOpen(open === 'reclaim' ? null : 'reclaim')}>
            {t('rec.reclaim')}
          </button>
        )}
        <button type="button" class={open === 'summons' ? 'primary' : undefined} aria-expanded={open === 'summons'}
          data-testid="open-summons" onClick={() => setOpen(open === 'summons' ? null : 'summons')}>
          {t('rec.summons')}
        </button>
      </div>
      {open === 'reclaim' && <ReclaimForm proceeding={proceeding} onDone={(p) => { setOpen(null); onDone(p); }} />}
      {open === 'summons' && <SummonsForm proceeding={proceeding} onDone={(p) => { setOpen(null); onDone(p); }} />}
    </Section>
  );
}

const value = (e: Event) => (e.currentTarget as HTMLInputElement).value;

function useSend(onDone: (position: number) => void, done: MessageKey) {
  const { api, notify } = useApp();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const send = async (path: string, body: Record<string, unknown>) => {
    setBusy(true);
    setError(null);
    try {
      const answer = await api.request<{ position: number }>('POST', path, { command_id: crypto.randomUUID(), occurred_at: new Date().toISOString(), ...body });
      notify(t(done));
      onDone(answer.position);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, send };
}

function ReclaimForm({ proceeding, onDone }: { proceeding: Proceeding; onDone: (position: number) => void }) {
  const { user } = useApp();
  const today = localToday();
  const [input, setInput] = useState({
    amount: '', on: today, period_from: proceeding.issued_on ?? today, period_to: today,
    basis: 'change_not_reported', reason: '', signatory: defaultSignatory(user.display_name),
    first_due: addMonths(today, 1), count: '1',
  });
  const [errors, setErrors] = useState<Partial<Record<string, MessageKey>>>({});
  const { busy, error, send } = useSend(onDone, 'rec.decided');
  const update = (patch: Partial<typeof input>) => setInput({ ...input, ...patch });
  const total = grosze(input.amount);
  const terms = total !== null && total > 0 ? instalments(total, Number(input.count) || 1, input.first_due) : [];

  const submit = (event: Event) => {
    event.preventDefault();
    const found: Partial<Record<string, MessageKey>> = {};
    if (total === null || total <= 0) found.amount = 'rec.err.amount';
    if (!input.on || !input.first_due) found.on = 'rec.err.date';
    if (input.period_from > input.period_to) found.period = 'rec.err.period';
    if (!input.reason.trim()) found.reason = 'rec.err.reason';
    setErrors(found);
    if (Object.keys(found).length > 0 || total === null) return;
    void send(reclaimPath(proceeding.proceeding_id), {
      expected_version: proceeding.version, reclaim_id: crypto.randomUUID(), on: input.on,
      amount: zl(total), basis: input.basis, period_from: input.period_from,
      period_to: input.period_to, instalments: terms, reason: input.reason.trim(),
      signatory: input.signatory.trim(),
    });
  };
  const err = (k: string) => errors[k] && <p class="field-error" role="alert">{t(errors[k]!)}</p>;
  return (
    <form class="form subform" onSubmit={submit} noValidate data-testid="reclaim-form">
      <h3>{t('rec.reclaim')}</h3>
      <label for="rec-amount">{t('rec.amount')}</label>
      <input id="rec-amount" inputMode="decimal" data-testid="reclaim-amount" value={input.amount} onInput={(e) => update({ amount: value(e) })} />
      {err('amount')}
      <label for="rec-on">{t('rec.on')}</label>
      <input id="rec-on" type="date" data-testid="reclaim-on" value={input.on} onInput={(e) => update({ on: value(e) })} />
      {err('on')}
      <div class="row">
        <label>{t('rec.periodFrom')} <input type="date" data-testid="reclaim-period-from" value={input.period_from} onInput={(e) => update({ period_from: value(e) })} /></label>{' '}
        <label>{t('rec.periodTo')} <input type="date" data-testid="reclaim-period-to" value={input.period_to} onInput={(e) => update({ period_to: value(e) })} /></label>
      </div>
      {err('period')}
      <label for="rec-basis">{t('rec.basis')}</label>
      <select id="rec-basis" data-testid="reclaim-basis" value={input.basis} onChange={(e) => update({ basis: value(e) })}>
        {(['change_not_reported', 'false_information'] as const).map((b) => (
          <option key={b} value={b}>{t(`rec.basis.${b}`)}</option>
        ))}
      </select>
      <label for="rec-reason">{t('rec.reason')}</label>
      <textarea id="rec-reason" rows={3} data-testid="reclaim-reason" value={input.reason} onInput={(e) => update({ reason: value(e) })} />
      {err('reason')}
      <div class="row">
        <label>{t('rec.firstDue')} <input type="date" data-testid="reclaim-first-due" value={input.first_due} onInput={(e) => update({ first_due: value(e) })} /></label>{' '}
        <label>{t('rec.count')} <input type="number" min={1} max={60} data-testid="reclaim-count" value={input.count} onInput={(e) => update({ count: value(e) })} /></label>
      </div>
      {terms.length > 0 && (
        <p class="muted" data-testid="reclaim-terms">
          {t('rec.terms', { terms: terms.map((x) => `${formatDate(x.due_on)} — ${x.amount} zł`).join('; ') })}
        </p>
      )}
      <label for="rec-signatory">{t('rec.signatory')}</label>
      <input id="rec-signatory" data-testid="reclaim-signatory" value={input.signatory} onInput={(e) => update({ signatory: value(e) })} />
      {error !== null && <p class="error" role="alert" data-testid="reclaim-error">{errorText(error)}</p>}
      <button type="submit" class="primary" data-testid="reclaim-submit" disabled={busy}>{t('rec.submit')}</button>
    </form>
  );
}

function SummonsForm({ proceeding, onDone }: { proceeding: Proceeding; onDone: (position: number) => void }) {
  const today = localToday();
  const [input, setInput] = useState({ on: today, purpose: 'supply_document', subject: '', due_on: addDays(today, 14), place: '' });
  const [errors, setErrors] = useState<Partial<Record<string, MessageKey>>>({});
  const { busy, error, send } = useSend(onDone, 'sum.issued');
  const update = (patch: Partial<typeof input>) => setInput({ ...input, ...patch });
  const submit = (event: Event) => {
    event.preventDefault();
    const found: Partial<Record<string, MessageKey>> = {};
    if (!input.subject.trim()) found.subject = 'sum.err.subject';
    if (!input.due_on || input.due_on < addDays(input.on, 7)) found.due_on = 'sum.err.due';
    if (input.purpose === 'appear' && !input.place.trim()) found.place = 'sum.err.place';
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    void send(summonsPath(proceeding.proceeding_id), {
      expected_version: proceeding.version, on: input.on, purpose: input.purpose,
      subject: input.subject.trim(), due_on: input.due_on, place: input.place.trim(),
    });
  };
  const err = (k: string) => errors[k] && <p class="field-error" role="alert">{t(errors[k]!)}</p>;
  return (
    <form class="form subform" onSubmit={submit} noValidate data-testid="summons-form">
      <h3>{t('rec.summons')}</h3>
      <label for="sum-purpose">{t('sum.purpose')}</label>
      <select id="sum-purpose" data-testid="summons-purpose" value={input.purpose} onChange={(e) => update({ purpose: value(e) })}>
        {(['supply_document', 'appear'] as const).map((p) => <option key={p} value={p}>{t(`sum.purpose.${p}`)}</option>)}
      </select>
      <label for="sum-subject">{t('sum.subject')}</label>
      <input id="sum-subject" data-testid="summons-subject" value={input.subject} onInput={(e) => update({ subject: value(e) })} />
      {err('subject')}
      <label for="sum-on">{t('sum.on')}</label>
      <input id="sum-on" type="date" data-testid="summons-on" value={input.on} onInput={(e) => update({ on: value(e) })} />
      <label for="sum-due">{t('sum.dueOn')}</label>
      <input id="sum-due" type="date" data-testid="summons-due" value={input.due_on} onInput={(e) => update({ due_on: value(e) })} />
      {err('due_on')}
      {input.purpose === 'appear' && (
        <>
          <label for="sum-place">{t('sum.place')}</label>
          <input id="sum-place" data-testid="summons-place" value={input.place} onInput={(e) => update({ place: value(e) })} />
          {err('place')}
        </>
      )}
      {error !== null && <p class="error" role="alert" data-testid="summons-error">{errorText(error)}</p>}
      <button type="submit" class="primary" data-testid="summons-submit" disabled={busy}>{t('sum.submit')}</button>
    </form>
  );
}

function addDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
