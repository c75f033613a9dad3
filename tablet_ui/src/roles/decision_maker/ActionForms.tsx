// What the decision maker does after the decision, one form at a time: the delivery, the appeal
// and the SKO's ruling, finality, an amendment of the terms, a revocation.
import { useState } from 'preact/hooks';
import { emptyCareTerms, emptyCashTerms, isCareForm, isCashForm, type CareTermsInput, type CashTermsInput } from '../../care';
import { localToday } from '../../commands';
import type { Proceeding } from '../../contract';
import { actionCommand, actionErrors, nextActions, WITH_TERMS, type ActionField, type ActionInput, type ProceedingAction } from '../../decisions';
import { formatDate, t, type MessageKey } from '../../i18n';
import { useApp } from '../../ui/context';
import { draftKey } from '../../drafts';
import { DraftNote } from '../../ui/DraftNote';
import { useDraft } from '../../ui/useDraft';
import { useLiveQuery } from '../../ui/live';
import { FieldError, invalidProps, Section } from '../shared/common';
import { BenefitCalculator, MentalCareFee, useBenefitCalculation } from './BenefitCalculator';
import { termsKey, type KeptTerms } from './DecisionForm';
import { CareTermsFields, CashTermsFields, fieldId } from './TermsFields';

export function DecisionActions({ proceeding }: { proceeding: Proceeding }) {
  const actions = nextActions(proceeding);
  const [open, setOpen] = useState<ProceedingAction | null>(null);
  if (actions.length === 0) {
    const revoked = proceeding.status === 'revoked' || !!proceeding.revoked_on;
    return <p class="notice" data-testid="no-actions">{t(revoked ? 'act.revokedNote' : 'dm.notPending')}</p>;
  }
  return (
    <Section title={t('act.title')} testid="decision-actions">
      {proceeding.status === 'delivered' && proceeding.appeal_filed_on && (
        <p class="muted" data-testid="appeal-done">{t('act.appealDone', { date: formatDate(proceeding.appeal_filed_on) })}</p>
      )}
      <div class="actions-row">
        {actions.map((a) => (
          <button key={a} type="button" class={open === a ? 'primary' : undefined} aria-expanded={open === a}
            data-testid={`action-${a}`} onClick={() => setOpen(open === a ? null : a)}>
            {t(`act.${a}` as MessageKey)}
          </button>
        ))}
      </div>
      {open && <ActionForm key={open} action={open} proceeding={proceeding} onDone={() => setOpen(null)} />}
    </Section>
  );
}

const DATE_LABEL: Record<ProceedingAction, MessageKey> = {
  delivery: 'act.on.delivery',
  appeal: 'act.on.appeal',
  'appeal-resolution': 'act.on.resolution',
  finality: 'act.on.finality',
  amendment: 'act.on.amendment',
  revocation: 'act.on.revocation',
  'appeal-waiver': 'act.on.appeal-waiver',
  'appeal-change': 'act.on.resolution',
};

type FormProps = { action: ProceedingAction; proceeding: Proceeding; onDone: () => void };

/** An amendment starts from the terms this tablet last sent for the proceeding, if any. */
function ActionForm(props: FormProps) {
  const { views } = useApp();
  const [kept, loaded] = useLiveQuery(() => views.cached(termsKey(props.proceeding.proceeding_id)), [props.proceeding.proceeding_id]);
  if (!loaded) return <p class="muted">{t('common.loading')}</p>;
  return <ActionFields {...props} kept={kept?.data as KeptTerms | undefined} />;
}

function ActionFields({ action, proceeding, onDone, kept }: FormProps & { kept: KeptTerms | undefined }) {
  const { outbox, views } = useApp();
  const today = localToday();
  const [input, update, latest, draft] = useDraft<ActionInput>(draftKey(`action-${action}`, proceeding.proceeding_id), {
    on: today,
    reason: '',
    upheld: '',
    posted_on: '',
    care: kept?.care ?? emptyCareTerms(today),
    cash: kept?.cash ?? emptyCashTerms(today),
  });
  const [errors, setErrors] = useState<Partial<Record<ActionField, MessageKey>>>({});
  const [busy, setBusy] = useState(false);
  const setCare = (patch: Partial<CareTermsInput>) => update({ care: { ...latest().care, ...patch } });
  const setCash = (patch: Partial<CashTermsInput>) => update({ cash: { ...latest().cash, ...patch } });
  const value = (e: Event) => (e.currentTarget as HTMLInputElement).value;
  const withReason = action === 'amendment' || action === 'revocation' || action === 'appeal-change';
  const withTerms = WITH_TERMS.includes(action);

  async function submit(event: Event) {
    event.preventDefault();
    if (busy) return;
    const current = latest();
    const found = actionErrors(action, current, proceeding, localToday());
    setErrors(found);
    const first = Object.keys(found)[0];
    if (first) {
      document.getElementById(fieldId(first))?.focus();
      return;
    }
    setBusy(true);
    await outbox.enqueue(actionCommand(proceeding, action, current));
    await draft.clear();
    if (withTerms) {
      const terms: KeptTerms = isCareForm(proceeding.form) ? { care: current.care } : { cash: current.cash };
      await views.put(termsKey(proceeding.proceeding_id), terms);
    }
    onDone();
  }

  const missing = Object.keys(errors).length;
  return (
    <form class="form subform" onSubmit={submit} noValidate data-testid="action-form" data-action={action}>
      <h3>{t(`act.${action}` as MessageKey)}</h3>
      <DraftNote draft={draft} />
      {action === 'appeal' && <p class="muted">{t('act.appealNote')}</p>}
      <label for={fieldId('on')}>{t(DATE_LABEL[action])}</label>
      <input id={fieldId('on')} type="date" data-testid="action-on" value={input.on}
        onInput={(e) => update({ on: value(e) })} {...invalidProps(fieldId('on'), errors.on)} />
      <FieldError id={`${fieldId('on')}-error`} error={errors.on} />
      {action === 'appeal' && (
        <>
          <label for={fieldId('posted_on')}>{t('act.postedOn')}</label>
          <input id={fieldId('posted_on')} type="date" data-testid="action-posted-on" value={input.posted_on ?? ''}
            onInput={(e) => update({ posted_on: value(e) })} {...invalidProps(fieldId('posted_on'), errors.posted_on)} />
          <FieldError id={`${fieldId('posted_on')}-error`} error={errors.posted_on} />
        </>
      )}
      {action === 'appeal-waiver' && <p class="muted">{t('act.waiverNote')}</p>}

      {action === 'appeal-resolution' && (
        <>
          <fieldset id={fieldId('upheld')} tabIndex={-1} {...invalidProps(fieldId('upheld'), errors.upheld)}>
            <legend>{t('act.ruling')}</legend>
            {(['yes', 'no'] as const).map((o) => (
              <label key={o} class="check">
                <input type="radio" name="upheld" value={o} checked={input.upheld === o} data-testid={`action-upheld-${o}`}
                  onChange={() => update({ upheld: o })} />
                {t(o === 'yes' ? 'act.upheld' : 'act.setAside')}
              </label>
            ))}
          </fieldset>
          <FieldError id={`${fieldId('upheld')}-error`} error={errors.upheld} />
        </>
      )}

      {withReason && (
        <>
          <label for={fieldId('reason')}>{t(action === 'revocation' ? 'act.reason.revocation' : action === 'appeal-change' ? 'act.reason.appealChange' : 'act.reason.amendment')}</label>
          <textarea id={fieldId('reason')} rows={3} data-testid="action-reason" value={input.reason}
            onInput={(e) => update({ reason: value(e) })} {...invalidProps(fieldId('reason'), errors.reason)} />
          <FieldError id={`${fieldId('reason')}-error`} error={errors.reason} />
        </>
      )}
      {action === 'revocation' && <p class="muted">{t('act.revocationNote')}</p>}

      {withTerms && proceeding.form === 'specialist_care_services_mental' && (
        <ChangeCareFee proceedingId={proceeding.proceeding_id} hourlyCost={input.care.hourly_cost}
          onFill={(percent) => setCare({ fee_share_percent: percent })} />
      )}
      {withTerms && isCareForm(proceeding.form) && (
        <CareTermsFields form={proceeding.form} care={input.care} setCare={setCare} latest={() => latest().care} errors={errors}
          feeOn={() => latest().on || today} />
      )}
      {withTerms && isCashForm(proceeding.form) && (
        <>
          <p class="muted" data-testid="action-cash-note">{t('act.cashNote')}</p>
          <ChangeCalculator proceedingId={proceeding.proceeding_id} onFill={(amount) => setCash({ amount })} />
          <CashTermsFields cash={input.cash} setCash={setCash} errors={errors} />
        </>
      )}

      {missing > 0 && <p class="error" role="alert" data-testid="action-missing">{t('decision.missing', { n: missing })}</p>}
      <button type="submit" class={action === 'revocation' ? 'danger' : 'primary'} data-testid="action-submit" disabled={busy}>
        {t(`act.submit.${action}` as MessageKey)}
      </button>
    </form>
  );
}

/** The calculator of an amendment or the SKO's change of a cash decision: the server holds the
 * new amount to the decision's rule (the same read as the decision form's). */
function ChangeCalculator({ proceedingId, onFill }: { proceedingId: string; onFill: (amount: string) => void }) {
  const calculation = useBenefitCalculation(proceedingId).data;
  return <BenefitCalculator calc={calculation} onFill={onFill} />;
}

/** The regulation's fee share of specialist care for mental disorders beside changed care
 * terms: the server holds an amendment to it as it holds the decision. */
function ChangeCareFee({ proceedingId, hourlyCost, onFill }: {
  proceedingId: string; hourlyCost: string; onFill: (percent: string) => void;
}) {
  const calculation = useBenefitCalculation(proceedingId).data;
  return <MentalCareFee calc={calculation} hourlyCost={hourlyCost} onFill={onFill} />;
}
