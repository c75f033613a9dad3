// Issuing the decision: grant or refuse, art. 7 reasons, legal basis, signatory, date, and for a
// grant the care terms (with the notes for the provider) or the cash terms.
import { useEffect, useState } from 'preact/hooks';
import {
  decisionCommand,
  decisionErrors,
  defaultSignatory,
  emptyCareTerms,
  emptyCashTerms,
  isCareForm,
  isCashForm,
  type CareNotesInput,
  type CareTermsInput,
  type CashTermsInput,
  type DecisionField,
  type DecisionInput,
} from '../../care';
import { catalogueKey, prefillFromChoice, type Catalogue } from '../../catalogue';
import { localToday } from '../../commands';
import { REASONS, type ClientView, type Proceeding } from '../../contract';
import { t, type MessageKey } from '../../i18n';
import { useApp } from '../../ui/context';
import { draftKey } from '../../drafts';
import { DraftNote } from '../../ui/DraftNote';
import { useDraft } from '../../ui/useDraft';
import { useLiveQuery } from '../../ui/live';
import { folderKey } from '../../views';
import { href, navigate } from '../../ui/router';
import { FieldError, invalidProps } from '../shared/common';
import { needsJustification } from '../../benefits';
import { emptyDaysTerms, emptyDpsFee, isDaysForm, isDpsForm, type DaysTermsInput, type DpsFeeInput } from '../../inKind';
import { BenefitCalculator, MentalCareFee, useBenefitCalculation } from './BenefitCalculator';
import { DaysTermsFields, DpsFeeFields } from './InKindFields';
import { CareTermsFields, CashTermsFields, fieldId, toggle } from './TermsFields';

/** The terms last sent for a proceeding from this tablet, to start an amendment from. */
export const termsKey = (proceedingId: string) => `terms:${proceedingId}`;
export interface KeptTerms {
  care?: CareTermsInput;
  cash?: CashTermsInput;
}

export function DecisionForm({ proceeding }: { proceeding: Proceeding }) {
  const { user, outbox, views } = useApp();
  const care = isCareForm(proceeding.form);
  const cash = isCashForm(proceeding.form);
  const days = isDaysForm(proceeding.form);
  const dps = isDpsForm(proceeding.form);
  const mental = proceeding.form === 'specialist_care_services_mental';
  const today = localToday();
  const [input, update, latest, draft] = useDraft<DecisionInput>(draftKey('decision', proceeding.proceeding_id), {
    outcome: '',
    reasons: [],
    legal_basis: care ? 'art. 50 ust. 1 ustawy z dnia 12 marca 2004 r. o pomocy społecznej' : '',
    signatory: defaultSignatory(user.display_name),
    issued_on: today,
    care: emptyCareTerms(today),
    cash: emptyCashTerms(today),
    notes: { contact_phone: '', access_notes: '', health_notes: '', family_notes: '', social_worker_phone: '' },
    days: emptyDaysTerms(today),
    dps: emptyDpsFee(),
  });
  const [errors, setErrors] = useState<Partial<Record<DecisionField, MessageKey>>>({});
  const [busy, setBusy] = useState(false);
  // The calculator of a cash form (art. 8, 37–41): bounds or the computed amount, its working.
  const calculation = useBenefitCalculation(proceeding.proceeding_id).data;
  const justify = cash && input.outcome === 'grant' && needsJustification(calculation, input.cash.amount);

  const setCare = (patch: Partial<CareTermsInput>) => update({ care: { ...latest().care, ...patch } });
  const setCash = (patch: Partial<CashTermsInput>) => update({ cash: { ...latest().cash, ...patch } });
  const setNotes = (patch: Partial<CareNotesInput>) => update({ notes: { ...latest().notes, ...patch } });
  // Drafts saved before these fields existed have none: they start empty.
  const setDays = (patch: Partial<DaysTermsInput>) => update({ days: { ...(latest().days ?? emptyDaysTerms(today)), ...patch } });
  const setDps = (patch: Partial<DpsFeeInput>) => update({ dps: { ...(latest().dps ?? emptyDpsFee()), ...patch } });
  const value = (e: Event) => (e.currentTarget as HTMLInputElement).value;
  const checked = (e: Event) => (e.currentTarget as HTMLInputElement).checked;
  const err = (f: DecisionField) => errors[f];

  // The social worker's choice from the service catalogue (issue #20), if the application
  // came from one: its reasons and the chosen service's legal basis fill an untouched form.
  const [folder] = useLiveQuery(() => views.cached(folderKey(proceeding.folder_id ?? '')), [proceeding.folder_id]);
  const [catalogue] = useLiveQuery(() => views.cached(catalogueKey), []);
  const [prefilled, setPrefilled] = useState<string | null>(null);
  useEffect(() => {
    void views.refresh(catalogueKey, '/api/catalogue').catch(() => undefined);
  }, []);
  useEffect(() => {
    const choice = prefillFromChoice((folder?.data as ClientView | undefined)?.timeline ?? [],
      catalogue?.data as Catalogue | undefined, proceeding);
    const current = latest();
    if (!choice || prefilled || current.reasons.length > 0 || draft.restored) return;
    const reasons = choice.reasons.filter((r) => (REASONS as readonly string[]).includes(r));
    update({ reasons, legal_basis: care ? current.legal_basis : choice.legal_basis });
    setPrefilled(choice.name);
  }, [folder, catalogue]);

  async function submit(event: Event) {
    event.preventDefault();
    if (busy) return;
    const current = latest();
    const found = decisionErrors(current, proceeding.form);
    if (cash && current.outcome === 'grant' && needsJustification(calculation, current.cash.amount)
        && !(current.amount_justification ?? '').trim()) {
      found.amount_justification = 'decision.err.justification';
    }
    setErrors(found);
    const first = Object.keys(found)[0] as DecisionField | undefined;
    if (first) {
      document.getElementById(fieldId(first))?.focus();
      return;
    }
    setBusy(true);
    await outbox.enqueue(decisionCommand(proceeding.proceeding_id, proceeding.version, proceeding.form, current));
    await draft.clear();
    if (current.outcome === 'grant' && (care || cash)) {
      const kept: KeptTerms = care ? { care: current.care } : { cash: current.cash };
      await views.put(termsKey(proceeding.proceeding_id), kept);
    }
    navigate(href.home());
  }

  const missing = Object.keys(errors).length;

  return (
    <form class="card form" onSubmit={submit} noValidate data-testid="decision-form">
      <h2>{t('decision.title')}</h2>
      <DraftNote draft={draft} />
      {prefilled && <p class="note" data-testid="decision-prefilled">{t('proposals.prefilled', { name: prefilled })}</p>}
      <fieldset id={fieldId('outcome')} tabIndex={-1} data-testid="decision-outcome" {...invalidProps(fieldId('outcome'), err('outcome'))}>
        <legend>{t('decision.outcome')}</legend>
        {(['grant', 'refuse'] as const).map((o) => (
          <label key={o} class="check">
            <input type="radio" name="outcome" value={o} checked={input.outcome === o} data-testid={`decision-outcome-${o}`}
              onChange={() => update({ outcome: o })} />
            {t(o === 'grant' ? 'decision.grant' : 'decision.refuse')}
          </label>
        ))}
      </fieldset>
      <FieldError id={`${fieldId('outcome')}-error`} error={err('outcome')} />

      <fieldset id={fieldId('reasons')} tabIndex={-1} data-testid="decision-reasons" {...invalidProps(fieldId('reasons'), err('reasons'))}>
        <legend>{t('decision.reasons')}</legend>
        <div class="checks">
          {REASONS.map((code) => (
            <label key={code} class="check">
              <input type="checkbox" value={code} checked={input.reasons.includes(code)} data-testid="decision-reason"
                onChange={(e) => update({ reasons: toggle(latest().reasons, code, checked(e)) })} />
              {t('decision.reasonLabel', { code, label: t(`reason.${code}` as MessageKey) })}
            </label>
          ))}
        </div>
      </fieldset>
      <FieldError id={`${fieldId('reasons')}-error`} error={err('reasons')} />

      <label for={fieldId('legal_basis')}>{t('decision.legalBasis')}</label>
      <input id={fieldId('legal_basis')} data-testid="decision-legal-basis" value={input.legal_basis}
        onInput={(e) => update({ legal_basis: value(e) })} {...invalidProps(fieldId('legal_basis'), err('legal_basis'))} />
      <FieldError id={`${fieldId('legal_basis')}-error`} error={err('legal_basis')} />

      <label for={fieldId('signatory')}>{t('decision.signatory')}</label>
      <input id={fieldId('signatory')} data-testid="decision-signatory" value={input.signatory}
        onInput={(e) => update({ signatory: value(e) })} {...invalidProps(fieldId('signatory'), err('signatory'))} />
      <FieldError id={`${fieldId('signatory')}-error`} error={err('signatory')} />

      <label for={fieldId('issued_on')}>{t('decision.issuedOn')}</label>
      <input id={fieldId('issued_on')} type="date" data-testid="decision-issued-on" value={input.issued_on}
        onInput={(e) => update({ issued_on: value(e) })} {...invalidProps(fieldId('issued_on'), err('issued_on'))} />
      <FieldError id={`${fieldId('issued_on')}-error`} error={err('issued_on')} />

      {input.outcome === 'grant' && care && (
        <>
          {mental && (
            <MentalCareFee calc={calculation} hourlyCost={input.care.hourly_cost}
              onFill={(percent) => setCare({ fee_share_percent: percent })} />
          )}
          <CareTermsFields form={proceeding.form} care={input.care} setCare={setCare} latest={() => latest().care} errors={errors}
            feeOn={() => latest().issued_on || today} />
          {dps && <DpsFeeFields dps={input.dps ?? emptyDpsFee()} setDps={setDps} errors={errors} />}
          <div class="subform">
            <h3>{t('care.notes')}</h3>
            <label for="note-access">{t('care.accessNotes')}</label>
            <textarea id="note-access" rows={2} data-testid="note-access" value={input.notes.access_notes} onInput={(e) => setNotes({ access_notes: value(e) })} />
            <label for="note-health">{t('care.healthNotes')}</label>
            <textarea id="note-health" rows={2} data-testid="note-health" value={input.notes.health_notes} onInput={(e) => setNotes({ health_notes: value(e) })} />
            <label for="note-family">{t('care.familyNotes')}</label>
            <textarea id="note-family" rows={2} data-testid="note-family" value={input.notes.family_notes} onInput={(e) => setNotes({ family_notes: value(e) })} />
            <div class="grid2">
              <div class="form">
                <label for="note-phone">{t('care.contactPhone')}</label>
                <input id="note-phone" type="tel" data-testid="note-phone" value={input.notes.contact_phone} onInput={(e) => setNotes({ contact_phone: value(e) })} />
              </div>
              <div class="form">
                <label for="note-sw-phone">{t('care.swPhone')}</label>
                <input id="note-sw-phone" type="tel" data-testid="note-sw-phone" value={input.notes.social_worker_phone} onInput={(e) => setNotes({ social_worker_phone: value(e) })} />
              </div>
            </div>
          </div>
        </>
      )}
      {input.outcome === 'grant' && days && (
        <DaysTermsFields days={input.days ?? emptyDaysTerms(today)} setDays={setDays} errors={errors} />
      )}
      {input.outcome === 'grant' && cash && (
        <>
          <BenefitCalculator calc={calculation} onFill={(amount) => setCash({ amount })} />
          <CashTermsFields cash={input.cash} setCash={setCash} errors={errors} />
          {justify && (
            <>
              <label for={fieldId('amount_justification')}>{t('decision.justification')}</label>
              <textarea id={fieldId('amount_justification')} rows={2} data-testid="decision-justification"
                value={input.amount_justification ?? ''} onInput={(e) => update({ amount_justification: value(e) })}
                {...invalidProps(fieldId('amount_justification'), err('amount_justification'))} />
              <FieldError id={`${fieldId('amount_justification')}-error`} error={err('amount_justification')} />
            </>
          )}
        </>
      )}

      {missing > 0 && <p class="error" role="alert" data-testid="decision-missing">{t('decision.missing', { n: missing })}</p>}
      <button type="submit" class="primary" data-testid="decision-submit" disabled={busy}>
        {t('decision.submit')}
      </button>
    </form>
  );
}
