// The money of a meals/shelter decision (days × unit cost, with the product and a button that
// fills the amount in) and of a residential care home's fee (art. 61: the resident's income,
// the home's average cost, the family's payers, and the split with its working).
import { asTyped } from '../../benefits';
import { getLang, t, type MessageKey } from '../../i18n';
import {
  daysProduct,
  dpsSplit,
  emptyPayer,
  zl,
  type DaysField,
  type DaysTermsInput,
  type DpsFeeInput,
  type DpsField,
  type FamilyPayerInput,
} from '../../inKind';
import { FieldError, invalidProps } from '../shared/common';
import { Working } from './BenefitCalculator';
import { fieldId } from './TermsFields';

const value = (e: Event) => (e.currentTarget as HTMLInputElement).value;
const pl = (amount: string) => `${asTyped(amount, getLang())} zł`;

function Input({ field, label, testid, v, error, onInput, type, inputMode }: {
  field: string; label: string; testid: string; v: string; error?: MessageKey;
  onInput: (v: string) => void; type?: string; inputMode?: 'decimal' | 'numeric';
}) {
  const id = fieldId(field);
  return (
    <div class="form">
      <label for={id}>{label}</label>
      <input id={id} type={type} inputMode={inputMode} data-testid={testid} value={v}
        onInput={(e) => onInput(value(e))} {...invalidProps(id, error)} />
      <FieldError id={`${id}-error`} error={error} />
    </div>
  );
}

export function DaysTermsFields({ days, setDays, errors }: {
  days: DaysTermsInput;
  setDays: (patch: Partial<DaysTermsInput>) => void;
  errors: Partial<Record<DaysField, MessageKey>>;
}) {
  const product = daysProduct(days);
  return (
    <div class="subform" data-testid="days-terms">
      <h3>{t('days.title')}</h3>
      <div class="grid2">
        <Input field="days.days" label={t('days.days')} testid="days-count" inputMode="numeric" v={days.days}
          error={errors['days.days']} onInput={(v) => setDays({ days: v })} />
        <Input field="days.unit_cost" label={t('days.unitCost')} testid="days-unit-cost" inputMode="decimal" v={days.unit_cost}
          error={errors['days.unit_cost']} onInput={(v) => setDays({ unit_cost: v })} />
      </div>
      {product && (
        <>
          <Working steps={[{ key: 'days_cost', expression: product.expression }]} testid="days-working" />
          <button type="button" data-testid="days-fill" onClick={() => setDays({ amount: asTyped(zl(product.total), getLang()) })}>
            {t('days.fill', { amount: pl(zl(product.total)) })}
          </button>
        </>
      )}
      <Input field="days.amount" label={t('days.amount')} testid="days-amount" inputMode="decimal" v={days.amount}
        error={errors['days.amount']} onInput={(v) => setDays({ amount: v })} />
      <div class="grid2">
        <Input field="days.period_from" label={t('care.periodFrom')} testid="days-from" type="date" v={days.period_from}
          error={errors['days.period_from']} onInput={(v) => setDays({ period_from: v })} />
        <Input field="days.period_to" label={t('days.periodTo')} testid="days-to" type="date" v={days.period_to}
          error={errors['days.period_to']} onInput={(v) => setDays({ period_to: v })} />
      </div>
    </div>
  );
}

export function DpsFeeFields({ dps, setDps, errors }: {
  dps: DpsFeeInput;
  setDps: (patch: Partial<DpsFeeInput>) => void;
  errors: Partial<Record<DpsField, MessageKey>>;
}) {
  const split = dps.on ? dpsSplit(dps) : null;
  const setPayer = (index: number, patch: Partial<FamilyPayerInput>) =>
    setDps({ family: dps.family.map((p, i) => (i === index ? { ...p, ...patch } : p)) });
  return (
    <div class="subform" data-testid="dps-fee">
      <h3>{t('dps.title')}</h3>
      <label class="check">
        <input type="checkbox" data-testid="dps-on" checked={dps.on}
          onChange={(e) => setDps({ on: (e.currentTarget as HTMLInputElement).checked })} />
        {t('dps.on')}
      </label>
      {dps.on && (
        <>
          <div class="grid2">
            <Input field="dps.resident_income" label={t('dps.residentIncome')} testid="dps-income" inputMode="decimal"
              v={dps.resident_income} error={errors['dps.resident_income']} onInput={(v) => setDps({ resident_income: v })} />
            <Input field="dps.home_cost" label={t('dps.homeCost')} testid="dps-cost" inputMode="decimal"
              v={dps.home_cost} error={errors['dps.home_cost']} onInput={(v) => setDps({ home_cost: v })} />
          </div>
          <fieldset id={fieldId('dps.family')} tabIndex={-1} data-testid="dps-family" {...invalidProps(fieldId('dps.family'), errors['dps.family'])}>
            <legend>{t('dps.family')}</legend>
            {dps.family.map((payer, i) => (
              <div class="grid2" key={i} data-testid="dps-payer">
                <Input field={`dps.payer${i}.name`} label={t('dps.payerName')} testid="dps-payer-name" v={payer.name}
                  onInput={(v) => setPayer(i, { name: v })} />
                <Input field={`dps.payer${i}.relationship`} label={t('dps.relationship')} testid="dps-payer-relationship"
                  v={payer.relationship} onInput={(v) => setPayer(i, { relationship: v })} />
                <Input field={`dps.payer${i}.amount`} label={t('dps.payerAmount')} testid="dps-payer-amount" inputMode="decimal"
                  v={payer.amount} onInput={(v) => setPayer(i, { amount: v })} />
                <div class="form">
                  <label for={fieldId(`dps.payer${i}.basis`)}>{t('dps.basis')}</label>
                  <select id={fieldId(`dps.payer${i}.basis`)} data-testid="dps-payer-basis" value={payer.basis}
                    onChange={(e) => setPayer(i, { basis: (e.currentTarget as HTMLSelectElement).value as FamilyPayerInput['basis'] })}>
                    <option value="agreement">{t('dps.basis.agreement')}</option>
                    <option value="decision">{t('dps.basis.decision')}</option>
                  </select>
                  <button type="button" data-testid="dps-payer-remove"
                    onClick={() => setDps({ family: dps.family.filter((_, j) => j !== i) })}>{t('dps.removePayer')}</button>
                </div>
              </div>
            ))}
            {dps.family.length < 10 && (
              <button type="button" data-testid="dps-add-payer" onClick={() => setDps({ family: [...dps.family, emptyPayer()] })}>
                {t('dps.addPayer')}
              </button>
            )}
          </fieldset>
          <FieldError id={`${fieldId('dps.family')}-error`} error={errors['dps.family']} />
          {split && (
            <div data-testid="dps-split">
              <Working steps={split.working} testid="dps-working" />
              <p><strong>{t('dps.split', { resident: pl(zl(split.resident)), family: pl(zl(split.family)), municipality: pl(zl(split.municipality)) })}</strong></p>
              {split.familyTooMuch && <p class="error" role="alert">{t('dps.err.family')}</p>}
            </div>
          )}
        </>
      )}
    </div>
  );
}
