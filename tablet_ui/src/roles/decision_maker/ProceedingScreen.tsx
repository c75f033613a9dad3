import { useState } from 'preact/hooks';
import {
  decisionCommand,
  decisionErrors,
  defaultSignatory,
  emptyCareTerms,
  isCareForm,
  type CareNotesInput,
  type CareTermsInput,
  type DecisionField,
  type DecisionInput,
} from '../../care';
import { localToday } from '../../commands';
import { CARE_TASKS, REASONS, type Proceeding } from '../../contract';
import { formatDate, label, t, type MessageKey } from '../../i18n';
import { useApp } from '../../ui/context';
import { errorText } from '../../ui/errors';
import { useFormState } from '../../ui/formState';
import { href, navigate } from '../../ui/router';
import { ScreenTitle } from '../../ui/ScreenTitle';
import { useView, ViewNote } from '../../ui/useView';
import { FieldError, invalidProps, PendingList } from '../shared/common';

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7];
const proceedingKey = (id: string) => `proceeding:${id}`;

function toggle<T>(list: T[], item: T, on: boolean): T[] {
  return on ? (list.includes(item) ? list : [...list, item]) : list.filter((x) => x !== item);
}

export function ProceedingScreen({ proceedingId }: { proceedingId: string }) {
  const { views } = useApp();
  const view = useView<Proceeding>(proceedingKey(proceedingId), () =>
    views.refresh(proceedingKey(proceedingId), `/api/proceedings/${encodeURIComponent(proceedingId)}`),
  );
  const p = view.data;
  return (
    <main class="screen" data-testid="proceeding-view" data-proceeding-id={proceedingId}>
      <a class="back" href={href.home()}>← {t('common.back')}</a>
      <ScreenTitle>{p ? p.case_reference : t('decision.title')}</ScreenTitle>
      <ViewNote view={view} />
      <PendingList id={proceedingId} />
      {p && (
        <>
          <section class="card">
            <dl class="facts">
              <dt>{t('dm.caseReference')}</dt>
              <dd>{p.case_reference}</dd>
              <dt>{t('dm.form')}</dt>
              <dd data-testid="proceeding-form">{label('form.', p.form)}</dd>
              <dt>{t('dm.applicant')}</dt>
              <dd>{p.applicant ? label('applicant.', p.applicant) : t('dm.exOfficio')}</dd>
              <dt>{t('dm.status')}</dt>
              <dd>{label('proc.status.', p.status)}</dd>
              <dt>{t('dm.opened')}</dt>
              <dd>{formatDate(p.opened_on)}</dd>
            </dl>
          </section>
          {p.status === 'filed' || !p.decision_id ? (
            <DecisionForm proceeding={p} />
          ) : (
            <p class="notice">{t('dm.notPending')}</p>
          )}
        </>
      )}
    </main>
  );
}

export function DecisionForm({ proceeding }: { proceeding: Proceeding }) {
  const { user, outbox, notify, api } = useApp();
  const care = isCareForm(proceeding.form);
  const today = localToday();
  const [input, update, latest] = useFormState<DecisionInput>({
    outcome: '',
    reasons: [],
    legal_basis: care ? 'art. 50 ust. 1 ustawy z dnia 12 marca 2004 r. o pomocy społecznej' : '',
    signatory: defaultSignatory(user.display_name),
    issued_on: today,
    care: emptyCareTerms(today),
    notes: { contact_phone: '', access_notes: '', health_notes: '', family_notes: '', social_worker_phone: '' },
  });
  const [errors, setErrors] = useState<Partial<Record<DecisionField, MessageKey>>>({});
  const [busy, setBusy] = useState(false);
  const [fee, setFeeState, latestFee] = useFormState({ income: '', size: '1', note: '' });
  const setFee = (patch: Partial<typeof fee>) => setFeeState(patch);

  const setCare = (patch: Partial<CareTermsInput>) => update({ care: { ...latest().care, ...patch } });
  const setNotes = (patch: Partial<CareNotesInput>) => update({ notes: { ...latest().notes, ...patch } });
  const value = (e: Event) => (e.currentTarget as HTMLInputElement).value;
  const checked = (e: Event) => (e.currentTarget as HTMLInputElement).checked;
  const err = (f: DecisionField) => errors[f];
  const fid = (f: DecisionField) => `decision-${f.replace('.', '-')}`;

  async function feeShare() {
    const income = latestFee().income.trim().replace(',', '.');
    try {
      const query = new URLSearchParams({ income_per_person: income, household_size: latestFee().size, on: latest().issued_on || today });
      const answer = await api.request<{ fee_share_percent: string }>('GET', `/api/fees/fee-share?${query}`);
      setCare({ fee_share_percent: String(answer.fee_share_percent) });
      setFee({ note: t('care.feeResult', { p: String(answer.fee_share_percent) }) });
    } catch (error) {
      setFee({ note: errorText(error) });
    }
  }

  async function submit(event: Event) {
    event.preventDefault();
    if (busy) return;
    const current = latest();
    const found = decisionErrors(current, proceeding.form);
    setErrors(found);
    const first = Object.keys(found)[0] as DecisionField | undefined;
    if (first) {
      document.getElementById(fid(first))?.focus();
      return;
    }
    setBusy(true);
    await outbox.enqueue(decisionCommand(proceeding.proceeding_id, proceeding.version, proceeding.form, current));
    notify(t('decision.queued'));
    navigate(href.home());
  }

  const grantCare = care && input.outcome === 'grant';
  const c = input.care;
  const missing = Object.keys(errors).length;

  return (
    <form class="card form" onSubmit={submit} noValidate data-testid="decision-form">
      <h2>{t('decision.title')}</h2>
      <fieldset id={fid('outcome')} tabIndex={-1} data-testid="decision-outcome" {...invalidProps(fid('outcome'), err('outcome'))}>
        <legend>{t('decision.outcome')}</legend>
        {(['grant', 'refuse'] as const).map((o) => (
          <label key={o} class="check">
            <input type="radio" name="outcome" value={o} checked={input.outcome === o} data-testid={`decision-outcome-${o}`}
              onChange={() => update({ outcome: o })} />
            {t(o === 'grant' ? 'decision.grant' : 'decision.refuse')}
          </label>
        ))}
      </fieldset>
      <FieldError id={`${fid('outcome')}-error`} error={err('outcome')} />

      <fieldset id={fid('reasons')} tabIndex={-1} data-testid="decision-reasons" {...invalidProps(fid('reasons'), err('reasons'))}>
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
      <FieldError id={`${fid('reasons')}-error`} error={err('reasons')} />

      <label for={fid('legal_basis')}>{t('decision.legalBasis')}</label>
      <input id={fid('legal_basis')} data-testid="decision-legal-basis" value={input.legal_basis}
        onInput={(e) => update({ legal_basis: value(e) })} {...invalidProps(fid('legal_basis'), err('legal_basis'))} />
      <FieldError id={`${fid('legal_basis')}-error`} error={err('legal_basis')} />

      <label for={fid('signatory')}>{t('decision.signatory')}</label>
      <input id={fid('signatory')} data-testid="decision-signatory" value={input.signatory}
        onInput={(e) => update({ signatory: value(e) })} {...invalidProps(fid('signatory'), err('signatory'))} />
      <FieldError id={`${fid('signatory')}-error`} error={err('signatory')} />

      <label for={fid('issued_on')}>{t('decision.issuedOn')}</label>
      <input id={fid('issued_on')} type="date" data-testid="decision-issued-on" value={input.issued_on}
        onInput={(e) => update({ issued_on: value(e) })} {...invalidProps(fid('issued_on'), err('issued_on'))} />
      <FieldError id={`${fid('issued_on')}-error`} error={err('issued_on')} />

      {grantCare && (
        <div class="subform" data-testid="care-terms">
          <h3>{t('care.title')}</h3>
          <fieldset id={fid('care.tasks')} tabIndex={-1} {...invalidProps(fid('care.tasks'), err('care.tasks'))}>
            <legend>{t('care.tasks')}</legend>
            <div class="checks">
              {CARE_TASKS.map((task) => (
                <label key={task} class="check">
                  <input type="checkbox" checked={c.tasks.includes(task)} data-testid="care-task" value={task}
                    onChange={(e) => setCare({ tasks: toggle(latest().care.tasks, task, checked(e)) })} />
                  {t(`task.${task}` as MessageKey)}
                </label>
              ))}
            </div>
          </fieldset>
          <FieldError id={`${fid('care.tasks')}-error`} error={err('care.tasks')} />

          <div class="grid2">
            <div class="form">
              <label for={fid('care.hours_per_day')}>{t('care.hoursPerDay')}</label>
              <input id={fid('care.hours_per_day')} inputMode="decimal" data-testid="care-hours-day" value={c.hours_per_day}
                onInput={(e) => setCare({ hours_per_day: value(e) })} {...invalidProps(fid('care.hours_per_day'), err('care.hours_per_day'))} />
              <FieldError id={`${fid('care.hours_per_day')}-error`} error={err('care.hours_per_day')} />
            </div>
            <div class="form">
              <label for={fid('care.hours_per_week')}>{t('care.hoursPerWeek')}</label>
              <input id={fid('care.hours_per_week')} inputMode="decimal" data-testid="care-hours-week" value={c.hours_per_week}
                onInput={(e) => setCare({ hours_per_week: value(e) })} {...invalidProps(fid('care.hours_per_week'), err('care.hours_per_week'))} />
              <FieldError id={`${fid('care.hours_per_week')}-error`} error={err('care.hours_per_week')} />
            </div>
          </div>

          <fieldset id={fid('care.weekdays')} tabIndex={-1} {...invalidProps(fid('care.weekdays'), err('care.weekdays'))}>
            <legend>{t('care.weekdays')}</legend>
            <div class="checks">
              {WEEKDAYS.map((d) => (
                <label key={d} class="check">
                  <input type="checkbox" checked={c.weekdays.includes(d)} data-testid="care-weekday" value={d}
                    onChange={(e) => setCare({ weekdays: toggle(latest().care.weekdays, d, checked(e)) })} />
                  {t(`weekday.${d}` as MessageKey)}
                </label>
              ))}
            </div>
          </fieldset>
          <FieldError id={`${fid('care.weekdays')}-error`} error={err('care.weekdays')} />

          <div class="grid2">
            <div class="form">
              <label for={fid('care.period_from')}>{t('care.periodFrom')}</label>
              <input id={fid('care.period_from')} type="date" data-testid="care-period-from" value={c.period_from}
                onInput={(e) => setCare({ period_from: value(e) })} {...invalidProps(fid('care.period_from'), err('care.period_from'))} />
              <FieldError id={`${fid('care.period_from')}-error`} error={err('care.period_from')} />
            </div>
            <div class="form">
              <label for={fid('care.period_to')}>{t('care.periodTo')}</label>
              <input id={fid('care.period_to')} type="date" data-testid="care-period-to" value={c.period_to}
                onInput={(e) => setCare({ period_to: value(e) })} {...invalidProps(fid('care.period_to'), err('care.period_to'))} />
              <FieldError id={`${fid('care.period_to')}-error`} error={err('care.period_to')} />
            </div>
          </div>

          <label for={fid('care.place')}>{t('care.place')}</label>
          <input id={fid('care.place')} data-testid="care-place" value={c.place}
            onInput={(e) => setCare({ place: value(e) })} {...invalidProps(fid('care.place'), err('care.place'))} />
          <FieldError id={`${fid('care.place')}-error`} error={err('care.place')} />

          <label for={fid('care.provider_id')}>{t('care.provider')}</label>
          <input id={fid('care.provider_id')} data-testid="care-provider" value={c.provider_id}
            onInput={(e) => setCare({ provider_id: value(e) })} {...invalidProps(fid('care.provider_id'), err('care.provider_id'))} />
          <FieldError id={`${fid('care.provider_id')}-error`} error={err('care.provider_id')} />

          <div class="grid2">
            <div class="form">
              <label for={fid('care.hourly_cost')}>{t('care.hourlyCost')}</label>
              <input id={fid('care.hourly_cost')} inputMode="decimal" data-testid="care-hourly-cost" value={c.hourly_cost}
                onInput={(e) => setCare({ hourly_cost: value(e) })} {...invalidProps(fid('care.hourly_cost'), err('care.hourly_cost'))} />
              <FieldError id={`${fid('care.hourly_cost')}-error`} error={err('care.hourly_cost')} />
            </div>
            <div class="form">
              <label for={fid('care.fee_share_percent')}>{t('care.feeShare')}</label>
              <input id={fid('care.fee_share_percent')} inputMode="decimal" data-testid="care-fee-share" value={c.fee_share_percent}
                onInput={(e) => setCare({ fee_share_percent: value(e) })} {...invalidProps(fid('care.fee_share_percent'), err('care.fee_share_percent'))} />
              <FieldError id={`${fid('care.fee_share_percent')}-error`} error={err('care.fee_share_percent')} />
            </div>
          </div>

          <div class="helper" data-testid="fee-helper">
            <div class="grid2">
              <div class="form">
                <label for="fee-income">{t('care.income')}</label>
                <input id="fee-income" inputMode="decimal" data-testid="fee-income" value={fee.income}
                  onInput={(e) => setFee({ income: value(e) })} />
              </div>
              <div class="form">
                <label for="fee-size">{t('care.household')}</label>
                <input id="fee-size" type="number" min={1} max={30} data-testid="fee-household" value={fee.size}
                  onInput={(e) => setFee({ size: value(e) })} />
              </div>
            </div>
            <button type="button" data-testid="fee-calc" onClick={() => void feeShare()} disabled={!fee.income.trim()}>
              {t('care.feeHelper')}
            </button>
            {fee.note && <p role="status" data-testid="fee-result">{fee.note}</p>}
          </div>

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
      )}

      {missing > 0 && <p class="error" role="alert" data-testid="decision-missing">{t('decision.missing', { n: missing })}</p>}
      <button type="submit" class="primary" data-testid="decision-submit" disabled={busy}>
        {t('decision.submit')}
      </button>
    </form>
  );
}
