// A caregiver's absence and who covers her clients on its days (issue #20). Sent online (not
// through the outbox): it is not a change of one order, and the server finds her orders.
// The caregivers come from the provider's list kept on the tablet.
import { useState } from 'preact/hooks';
import { localToday } from '../../commands';
import type { Caregiver } from '../../contract';
import { t } from '../../i18n';
import { useApp } from '../../ui/context';
import { errorText } from '../../ui/errors';
import { useView } from '../../ui/useView';
import { Section } from '../shared/common';

export function AbsenceForm() {
  const { api, views } = useApp();
  const caregivers = useView<Caregiver[]>('caregivers', () => views.refresh('caregivers', '/api/caregivers')).data ?? [];
  const today = localToday();
  const [input, setInput] = useState({ caregiver_id: '', cover_id: '', date_from: today, date_to: today });
  const [state, setState] = useState<{ busy: boolean; error: unknown; saved: boolean }>({ busy: false, error: null, saved: false });
  const pick = (field: keyof typeof input) => (e: Event) =>
    setInput({ ...input, [field]: (e.currentTarget as HTMLInputElement | HTMLSelectElement).value });

  async function submit(event: Event) {
    event.preventDefault();
    setState({ busy: true, error: null, saved: false });
    try {
      await api.request('POST', '/api/handoff/absences', {
        command_id: crypto.randomUUID(), absence_id: crypto.randomUUID(), occurred_at: new Date().toISOString(), ...input,
      });
      setState({ busy: false, error: null, saved: true });
    } catch (error) {
      setState({ busy: false, error, saved: false });
    }
  }

  const select = (id: string, field: 'caregiver_id' | 'cover_id', labelKey: 'absence.caregiver' | 'absence.cover') => (
    <>
      <label for={id}>{t(labelKey)}</label>
      <select id={id} data-testid={id} value={input[field]} onChange={pick(field)} required>
        <option value="">{t('absence.choose')}</option>
        {caregivers.map((c) => <option key={c.user_id} value={c.user_id}>{c.name}</option>)}
      </select>
    </>
  );
  return (
    <Section title={t('absence.title')} testid="absence">
      <form class="form" onSubmit={submit} data-testid="absence-form">
        {select('absence-caregiver', 'caregiver_id', 'absence.caregiver')}
        {select('absence-cover', 'cover_id', 'absence.cover')}
        <div class="grid2">
          <div class="form">
            <label for="absence-from">{t('absence.from')}</label>
            <input id="absence-from" type="date" data-testid="absence-from" value={input.date_from} onInput={pick('date_from')} />
          </div>
          <div class="form">
            <label for="absence-to">{t('absence.to')}</label>
            <input id="absence-to" type="date" data-testid="absence-to" value={input.date_to} onInput={pick('date_to')} />
          </div>
        </div>
        {state.error !== null && <p class="error" role="alert" data-testid="absence-error">{errorText(state.error)}</p>}
        {state.saved && <p class="muted" role="status" data-testid="absence-saved">{t('absence.saved')}</p>}
        <button type="submit" class="primary" data-testid="absence-submit" disabled={state.busy}>{t('absence.submit')}</button>
      </form>
    </Section>
  );
}
