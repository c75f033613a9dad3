// Reversing a paid line of an approved payment list (issue #18): the transfer came back or
// reached no one. The manager gives the reason (required) and confirms; the server records
// PaymentReversed — the payment is never edited — and the instalment is due again, for a
// later list. Done online, not through the outbox, as the list's other steps.
import { useState } from 'preact/hooks';
import { localToday } from '../../commands';
import { formatDate, t } from '../../i18n';
import { listPath, type PaymentLine, type PaymentListOut } from '../../payments';
import { useApp } from '../../ui/context';
import { errorText } from '../../ui/errors';

export const MAX_REASON = 500;

export function ReversePayment({ list, line, onDone, onCancel }: {
  list: PaymentListOut;
  line: PaymentLine;
  onDone: (position: number) => Promise<void>;
  onCancel: () => void;
}) {
  const { api, notify } = useApp();
  const [reason, setReason] = useState('');
  const [asked, setAsked] = useState(false);
  const [missing, setMissing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  function ask(event: Event) {
    event.preventDefault();
    const text = reason.trim();
    setMissing(!text);
    if (text) setAsked(true);
  }

  async function confirm() {
    setBusy(true);
    setError(null);
    try {
      const done = await api.request<{ position: number }>('POST', `${listPath(list.payment_date)}/reversals`, {
        command_id: crypto.randomUUID(),
        expected_version: list.version,
        instalment_id: line.instalment_id,
        reason: reason.trim(),
        reversed_on: localToday(),
      });
      notify(t('pay.reversed', { case: line.case_reference }));
      await onDone(done.position);
    } catch (err) {
      setError(err);
      setAsked(false);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="form card" onSubmit={ask} noValidate data-testid="reverse-form" aria-labelledby="reverse-title">
      <h3 id="reverse-title">{t('pay.reverseTitle', { case: line.case_reference })}</h3>
      <p class="muted">
        {t('pay.reverseHint', { amount: line.amount, from: formatDate(line.period_from), to: formatDate(line.period_to) })}
      </p>
      <label for="reverse-reason">{t('pay.reverseReason')}</label>
      <textarea id="reverse-reason" data-testid="reverse-reason" maxLength={MAX_REASON} rows={2} value={reason}
        disabled={asked || busy} aria-invalid={missing} aria-describedby={missing ? 'reverse-reason-error' : undefined}
        onInput={(e) => setReason((e.currentTarget as HTMLTextAreaElement).value)} />
      {missing && <p class="error" id="reverse-reason-error" data-testid="reverse-reason-error">{t('pay.reverseReasonRequired')}</p>}
      {error !== null && <p class="error" role="alert" data-testid="reverse-error">{errorText(error)}</p>}
      {!asked ? (
        <div class="action">
          <button type="submit" class="danger" data-testid="reverse-submit">{t('pay.reverse')}</button>{' '}
          <button type="button" data-testid="reverse-cancel" onClick={onCancel}>{t('pay.reverseCancel')}</button>
        </div>
      ) : (
        <div class="action" role="alertdialog" aria-labelledby="reverse-ask" data-testid="reverse-confirm-box">
          <p id="reverse-ask"><strong>{t('pay.reverseAsk', { case: line.case_reference, amount: line.amount })}</strong></p>
          <button type="button" class="danger" data-testid="reverse-confirm" disabled={busy} onClick={() => void confirm()}>
            {busy ? t('pay.busy') : t('pay.reverseConfirm')}
          </button>{' '}
          <button type="button" data-testid="reverse-back" disabled={busy} onClick={() => setAsked(false)}>{t('pay.reverseBack')}</button>
        </div>
      )}
    </form>
  );
}
