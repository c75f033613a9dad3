// The course of a proceeding waiting for a decision (KPA): particularly complicated, a delay
// notice, suspension and resumption, discontinuation, the party's withdrawal — one form at a
// time, each with its draft, each queued in the outbox like the decision.
import { useState } from 'preact/hooks';
import { localToday } from '../../commands';
import type { Proceeding } from '../../contract';
import { t, type MessageKey } from '../../i18n';
import {
  procedureCommand,
  procedureErrors,
  procedureSteps,
  WITH_REASON,
  type ProcedureField,
  type ProcedureInput,
  type ProcedureStep,
} from '../../procedure';
import { draftKey } from '../../drafts';
import { useApp } from '../../ui/context';
import { DraftNote } from '../../ui/DraftNote';
import { useDraft } from '../../ui/useDraft';
import { FieldError, invalidProps, Section } from '../shared/common';
import { fieldId } from './TermsFields';

export function ProcedureActions({ proceeding }: { proceeding: Proceeding }) {
  const steps = procedureSteps(proceeding);
  const [open, setOpen] = useState<ProcedureStep | null>(null);
  if (steps.length === 0) return null;
  return (
    <Section title={t('proc.title')} testid="procedure-actions">
      <div class="actions-row">
        {steps.map((s) => (
          <button key={s} type="button" class={open === s ? 'primary' : undefined} aria-expanded={open === s}
            data-testid={`procedure-${s}`} onClick={() => setOpen(open === s ? null : s)}>
            {t(`proc.${s}` as MessageKey)}
          </button>
        ))}
      </div>
      {open && <ProcedureForm key={open} step={open} proceeding={proceeding} onDone={() => setOpen(null)} />}
    </Section>
  );
}

const DATE_LABEL: Record<ProcedureStep, MessageKey> = {
  complicated: 'proc.on.complicated',
  'delay-notice': 'proc.on.delay-notice',
  suspension: 'proc.on.suspension',
  resumption: 'proc.on.resumption',
  discontinuation: 'proc.on.discontinuation',
  withdrawal: 'proc.on.withdrawal',
};

function ProcedureForm({ step, proceeding, onDone }: { step: ProcedureStep; proceeding: Proceeding; onDone: () => void }) {
  const { outbox } = useApp();
  const [input, update, latest, draft] = useDraft<ProcedureInput>(draftKey(`procedure-${step}`, proceeding.proceeding_id), {
    on: localToday(),
    reason: '',
    new_date: '',
  });
  const [errors, setErrors] = useState<Partial<Record<ProcedureField, MessageKey>>>({});
  const [busy, setBusy] = useState(false);
  const value = (e: Event) => (e.currentTarget as HTMLInputElement).value;
  const withReason = WITH_REASON.includes(step);

  async function submit(event: Event) {
    event.preventDefault();
    if (busy) return;
    const current = latest();
    const found = procedureErrors(step, current, proceeding, localToday());
    setErrors(found);
    const first = Object.keys(found)[0];
    if (first) {
      document.getElementById(fieldId(`proc-${first}`))?.focus();
      return;
    }
    setBusy(true);
    await outbox.enqueue(procedureCommand(proceeding, step, current));
    await draft.clear();
    onDone();
  }

  const id = (f: ProcedureField) => fieldId(`proc-${f}`);
  return (
    <form class="form subform" onSubmit={submit} noValidate data-testid="procedure-form" data-step={step}>
      <h3>{t(`proc.${step}` as MessageKey)}</h3>
      <DraftNote draft={draft} />
      <p class="muted">{t(`proc.note.${step}` as MessageKey)}</p>
      <label for={id('on')}>{t(DATE_LABEL[step])}</label>
      <input id={id('on')} type="date" data-testid="procedure-on" value={input.on}
        onInput={(e) => update({ on: value(e) })} {...invalidProps(id('on'), errors.on)} />
      <FieldError id={`${id('on')}-error`} error={errors.on} />
      {step === 'delay-notice' && (
        <>
          <label for={id('new_date')}>{t('proc.newDate')}</label>
          <input id={id('new_date')} type="date" data-testid="procedure-new-date" value={input.new_date}
            onInput={(e) => update({ new_date: value(e) })} {...invalidProps(id('new_date'), errors.new_date)} />
          <FieldError id={`${id('new_date')}-error`} error={errors.new_date} />
        </>
      )}
      {withReason && (
        <>
          <label for={id('reason')}>{t('proc.reason')}</label>
          <textarea id={id('reason')} rows={3} data-testid="procedure-reason" value={input.reason}
            onInput={(e) => update({ reason: value(e) })} {...invalidProps(id('reason'), errors.reason)} />
          <FieldError id={`${id('reason')}-error`} error={errors.reason} />
        </>
      )}
      <button type="submit" class={step === 'discontinuation' || step === 'withdrawal' ? 'danger' : 'primary'}
        data-testid="procedure-submit" disabled={busy}>
        {t(`proc.submit.${step}` as MessageKey)}
      </button>
    </form>
  );
}
