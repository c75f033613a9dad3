// Należności (#/receivables, issue #18): every receivable for undue benefits (art. 98 u.p.s.)
// still owed — or all of them — with its repayments and write-offs; the manager records a
// repayment (cash or transfer, the day, the amount: never more than is owed). Online.
import { useEffect, useState } from 'preact/hooks';
import { localToday } from '../../commands';
import { t } from '../../i18n';
import { grosze, receivablesPath, repaymentPath, zl, type Receivable } from '../../receivables';
import { useApp } from '../../ui/context';
import { errorText } from '../../ui/errors';
import { ReceivableRows } from '../../ui/ReceivablesPanel';
import { ScreenTitle } from '../../ui/ScreenTitle';
import { Section } from '../shared/common';

export function ReceivablesScreen() {
  const { api } = useApp();
  const [rows, setRows] = useState<Receivable[] | null>(null);
  const [all, setAll] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const load = async (after?: number) => {
    setError(null);
    try {
      const path = receivablesPath(after);
      setRows(await api.request<Receivable[]>('GET', `${path}${path.includes('?') ? '&' : '?'}owed=${!all}`));
    } catch (err) {
      setError(err);
    }
  };
  useEffect(() => void load(), [all]);
  return (
    <>
      <ScreenTitle>{t('recv.listTitle')}</ScreenTitle>
      <label class="check">
        <input type="checkbox" data-testid="receivables-all" checked={all} onChange={(e) => setAll((e.currentTarget as HTMLInputElement).checked)} />
        {t('recv.showAll')}
      </label>
      {error !== null && <p class="error" role="alert">{errorText(error)}</p>}
      {rows !== null && rows.length === 0 && <p class="muted" data-testid="receivables-none">{t('recv.none')}</p>}
      {rows !== null && rows.length > 0 && (
        <>
          <ReceivableRows rows={rows} withPerson />
          {rows.filter((r) => grosze(r.outstanding)! > 0).map((r) => (
            <RepaymentForm key={`${r.reclaim_id}-${r.proceeding_version}`} receivable={r} onDone={(p) => void load(p)} />
          ))}
        </>
      )}
    </>
  );
}

function RepaymentForm({ receivable, onDone }: { receivable: Receivable; onDone: (position: number) => void }) {
  const { api, notify } = useApp();
  const [amount, setAmount] = useState('');
  const [on, setOn] = useState(localToday());
  const [method, setMethod] = useState('transfer');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [invalid, setInvalid] = useState(false);
  const value = (e: Event) => (e.currentTarget as HTMLInputElement).value;
  const submit = async (event: Event) => {
    event.preventDefault();
    const paid = grosze(amount);
    const owed = grosze(receivable.outstanding) ?? 0;
    setInvalid(paid === null || paid <= 0 || paid > owed);
    if (paid === null || paid <= 0 || paid > owed || receivable.proceeding_version === null) return;
    setBusy(true);
    setError(null);
    try {
      const answer = await api.request<{ position: number }>('POST', repaymentPath(receivable), {
        command_id: crypto.randomUUID(), occurred_at: new Date().toISOString(),
        expected_version: receivable.proceeding_version, on, amount: zl(paid), method,
      });
      notify(t('recv.repaid.done'));
      onDone(answer.position);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Section title={`${t('recv.repay')}: ${receivable.case_reference} — ${receivable.name}`} testid="repayment">
      <form class="form subform" onSubmit={(e) => void submit(e)} noValidate data-testid="repayment-form" data-reclaim-id={receivable.reclaim_id}>
        <div class="row">
          <label>{t('recv.repayAmount')} <input inputMode="decimal" data-testid="repayment-amount" value={amount} onInput={(e) => setAmount(value(e))} /></label>{' '}
          <label>{t('recv.repayOn')} <input type="date" data-testid="repayment-on" value={on} onInput={(e) => setOn(value(e))} /></label>{' '}
          <label>{t('recv.method')}{' '}
            <select data-testid="repayment-method" value={method} onChange={(e) => setMethod(value(e))}>
              <option value="transfer">{t('recv.method.transfer')}</option>
              <option value="cash">{t('recv.method.cash')}</option>
            </select>
          </label>
        </div>
        {invalid && <p class="field-error" role="alert">{t('recv.err.amount')}</p>}
        {error !== null && <p class="error" role="alert" data-testid="repayment-error">{errorText(error)}</p>}
        <button type="submit" class="primary" data-testid="repayment-submit" disabled={busy}>{t('recv.repay')}</button>
      </form>
    </Section>
  );
}
