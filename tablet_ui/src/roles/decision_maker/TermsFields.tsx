// The terms a granting decision orders, shared by issuing and amending it: care terms (with the
// fee share helper and, when issuing, the notes for the provider) or cash terms.
import { useState } from 'preact/hooks';
import type { CareField, CareTermsInput, CashField, CashTermsInput } from '../../care';
import { CARE_TASKS, type ProviderEntry } from '../../contract';
import { t, type MessageKey } from '../../i18n';
import { useApp } from '../../ui/context';
import { errorText } from '../../ui/errors';
import { useView } from '../../ui/useView';
import { FieldError, invalidProps } from '../shared/common';

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7];

/** One id per field, so a form can focus its first wrong field. */
export const fieldId = (field: string): string => `field-${field.replace('.', '-')}`;

export function toggle<T>(list: T[], item: T, on: boolean): T[] {
  return on ? (list.includes(item) ? list : [...list, item]) : list.filter((x) => x !== item);
}

const value = (e: Event) => (e.currentTarget as HTMLInputElement).value;
const checked = (e: Event) => (e.currentTarget as HTMLInputElement).checked;

function Text({ field, label, testid, value: v, error, onInput, inputMode, type }: {
  field: string; label: string; testid: string; value: string; error?: MessageKey; onInput: (v: string) => void;
  inputMode?: 'decimal' | 'numeric'; type?: string;
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

/** "Realizator": a choice from the provider directory — only the active providers offering the
 * proceeding's form (a typed code could name a provider that does not exist). A provider the
 * terms already name stays choosable (an amendment may keep one since deactivated). */
function ProviderSelect({ form, value: v, error, onChange }: {
  form: string; value: string; error?: MessageKey; onChange: (v: string) => void;
}) {
  const { views } = useApp();
  const key = `providers:${form}`;
  const path = `/api/providers?active=true&form=${encodeURIComponent(form)}`;
  const directory = useView<ProviderEntry[]>(key, () => views.refresh(key, path));
  const choices = directory.data ?? [];
  const id = fieldId('care.provider_id');
  const known = choices.some((p) => p.provider_id === v);
  return (
    <div class="form">
      <label for={id}>{t('care.provider')}</label>
      <select id={id} data-testid="care-provider" value={known || v ? v : ''}
        onChange={(e) => onChange((e.currentTarget as HTMLSelectElement).value)} {...invalidProps(id, error)}>
        {!known && <option value={v}>{v ? v : t('care.providerChoose')}</option>}
        {choices.map((p) => (
          <option key={p.provider_id} value={p.provider_id}>
            {p.name} ({p.provider_id}){p.capacity === null ? '' : ` — ${t('care.providerPlaces', { n: String(p.capacity) })}`}
          </option>
        ))}
      </select>
      {directory.data !== undefined && choices.length === 0 && (
        <p class="muted" data-testid="care-provider-none">{t('care.providerNone')}</p>
      )}
      <FieldError id={`${id}-error`} error={error} />
    </div>
  );
}

export function CareTermsFields({ care: c, setCare, latest, errors, feeOn, form }: {
  /** The proceeding's form of help: the providers offering it are the choices. */
  form: string;
  care: CareTermsInput;
  setCare: (patch: Partial<CareTermsInput>) => void;
  /** The latest terms (a tick right before submit must not be lost between renders). */
  latest: () => CareTermsInput;
  errors: Partial<Record<CareField, MessageKey>>;
  /** The day the fee share tables are read for. */
  feeOn: () => string;
}) {
  const { api } = useApp();
  const [fee, setFee] = useState({ income: '', size: '1', note: '' });
  const err = (f: CareField) => errors[f];

  async function feeShare() {
    const query = new URLSearchParams({ income_per_person: fee.income.trim().replace(',', '.'), household_size: fee.size, on: feeOn() });
    try {
      const answer = await api.request<{ fee_share_percent: string }>('GET', `/api/fees/fee-share?${query}`);
      setCare({ fee_share_percent: String(answer.fee_share_percent) });
      setFee((f) => ({ ...f, note: t('care.feeResult', { p: String(answer.fee_share_percent) }) }));
    } catch (error) {
      setFee((f) => ({ ...f, note: errorText(error) }));
    }
  }

  return (
    <div class="subform" data-testid="care-terms">
      <h3>{t('care.title')}</h3>
      <fieldset id={fieldId('care.tasks')} tabIndex={-1} {...invalidProps(fieldId('care.tasks'), err('care.tasks'))}>
        <legend>{t('care.tasks')}</legend>
        <div class="checks">
          {CARE_TASKS.map((task) => (
            <label key={task} class="check">
              <input type="checkbox" checked={c.tasks.includes(task)} data-testid="care-task" value={task}
                onChange={(e) => setCare({ tasks: toggle(latest().tasks, task, checked(e)) })} />
              {t(`task.${task}` as MessageKey)}
            </label>
          ))}
        </div>
      </fieldset>
      <FieldError id={`${fieldId('care.tasks')}-error`} error={err('care.tasks')} />

      <div class="grid2">
        <Text field="care.hours_per_day" label={t('care.hoursPerDay')} testid="care-hours-day" inputMode="decimal"
          value={c.hours_per_day} error={err('care.hours_per_day')} onInput={(v) => setCare({ hours_per_day: v })} />
        <Text field="care.hours_per_week" label={t('care.hoursPerWeek')} testid="care-hours-week" inputMode="decimal"
          value={c.hours_per_week} error={err('care.hours_per_week')} onInput={(v) => setCare({ hours_per_week: v })} />
      </div>

      <fieldset id={fieldId('care.weekdays')} tabIndex={-1} {...invalidProps(fieldId('care.weekdays'), err('care.weekdays'))}>
        <legend>{t('care.weekdays')}</legend>
        <div class="checks">
          {WEEKDAYS.map((d) => (
            <label key={d} class="check">
              <input type="checkbox" checked={c.weekdays.includes(d)} data-testid="care-weekday" value={d}
                onChange={(e) => setCare({ weekdays: toggle(latest().weekdays, d, checked(e)) })} />
              {t(`weekday.${d}` as MessageKey)}
            </label>
          ))}
        </div>
      </fieldset>
      <FieldError id={`${fieldId('care.weekdays')}-error`} error={err('care.weekdays')} />

      <div class="grid2">
        <Text field="care.period_from" label={t('care.periodFrom')} testid="care-period-from" type="date"
          value={c.period_from} error={err('care.period_from')} onInput={(v) => setCare({ period_from: v })} />
        <Text field="care.period_to" label={t('care.periodTo')} testid="care-period-to" type="date"
          value={c.period_to} error={err('care.period_to')} onInput={(v) => setCare({ period_to: v })} />
      </div>
      <Text field="care.place" label={t('care.place')} testid="care-place"
        value={c.place} error={err('care.place')} onInput={(v) => setCare({ place: v })} />
      <ProviderSelect form={form} value={c.provider_id} error={err('care.provider_id')}
        onChange={(v) => setCare({ provider_id: v })} />
      <div class="grid2">
        <Text field="care.hourly_cost" label={t('care.hourlyCost')} testid="care-hourly-cost" inputMode="decimal"
          value={c.hourly_cost} error={err('care.hourly_cost')} onInput={(v) => setCare({ hourly_cost: v })} />
        <Text field="care.fee_share_percent" label={t('care.feeShare')} testid="care-fee-share" inputMode="decimal"
          value={c.fee_share_percent} error={err('care.fee_share_percent')} onInput={(v) => setCare({ fee_share_percent: v })} />
      </div>

      {/* The municipality's table does not apply to specialist care for mental disorders: its fee
          is the 2005 regulation's, which the decision form's calculator shows (MentalCareFee). */}
      {form !== 'specialist_care_services_mental' && <div class="helper" data-testid="fee-helper">
        <div class="grid2">
          <div class="form">
            <label for="fee-income">{t('care.income')}</label>
            <input id="fee-income" inputMode="decimal" data-testid="fee-income" value={fee.income}
              onInput={(e) => setFee({ ...fee, income: value(e) })} />
          </div>
          <div class="form">
            <label for="fee-size">{t('care.household')}</label>
            <input id="fee-size" type="number" min={1} max={30} data-testid="fee-household" value={fee.size}
              onInput={(e) => setFee({ ...fee, size: value(e) })} />
          </div>
        </div>
        <button type="button" data-testid="fee-calc" onClick={() => void feeShare()} disabled={!fee.income.trim()}>
          {t('care.feeHelper')}
        </button>
        {fee.note && <p role="status" data-testid="fee-result">{fee.note}</p>}
      </div>}
    </div>
  );
}

export function CashTermsFields({ cash: c, setCash, errors }: {
  cash: CashTermsInput;
  setCash: (patch: Partial<CashTermsInput>) => void;
  errors: Partial<Record<CashField, MessageKey>>;
}) {
  return (
    <div class="subform" data-testid="cash-terms">
      <h3>{t('cash.title')}</h3>
      <div class="grid2">
        <Text field="cash.amount" label={t('cash.amount')} testid="cash-amount" inputMode="decimal"
          value={c.amount} error={errors['cash.amount']} onInput={(v) => setCash({ amount: v })} />
        <Text field="cash.installments" label={t('cash.installments')} testid="cash-installments" inputMode="numeric"
          value={c.installments} error={errors['cash.installments']} onInput={(v) => setCash({ installments: v })} />
      </div>
      <div class="grid2">
        <Text field="cash.period_from" label={t('care.periodFrom')} testid="cash-period-from" type="date"
          value={c.period_from} error={errors['cash.period_from']} onInput={(v) => setCash({ period_from: v })} />
        <Text field="cash.period_to" label={t('cash.periodTo')} testid="cash-period-to" type="date"
          value={c.period_to} error={errors['cash.period_to']} onInput={(v) => setCash({ period_to: v })} />
      </div>
    </div>
  );
}
