// Listy wypłat (#/payments, issue #18): the manager picks a payment date, sees what falls due
// by it (and what dropped out: a decision revoked), builds the list, approves it (each line
// paid once) and downloads the bank file (pain.001 XML) or CSV. Done online, not through the
// outbox: paying is a decision the manager sees take effect. A paid line of an approved list
// can be reversed (ReversePayment.tsx): reason, confirmation, then the line reads "cofnięta".
import { useState } from 'preact/hooks';
import { ApiError } from '../../api';
import { localToday } from '../../commands';
import { formatDate, label, t } from '../../i18n';
import { fetchBankFile, listPath, totalOf, type BankFileKind, type PaymentLine, type PaymentListOut } from '../../payments';
import { saveFile } from '../../download';
import { useApp } from '../../ui/context';
import { errorText } from '../../ui/errors';
import { ScreenTitle } from '../../ui/ScreenTitle';
import { Section } from '../shared/common';
import { ReversePayment } from './ReversePayment';
import { ScrollRegion } from '../../ui/ScrollRegion';

interface DueOut {
  payment_date: string;
  count: number;
  total: string;
  lines: PaymentLine[];
  dropped: PaymentLine[];
}

function Lines({ lines, testid, name, onReverse }: { lines: PaymentLine[]; testid: string; name: string; onReverse?: (line: PaymentLine) => void }) {
  return (
    <ScrollRegion label={name}>
      <table class="data" data-testid={testid}>
        <thead>
          <tr>
            <th scope="col">{t('pay.case')}</th>
            <th scope="col">{t('pay.period')}</th>
            <th scope="col">{t('pay.amount')}</th>
            <th scope="col">{t('pay.status')}</th>
            {onReverse && <th scope="col"><span class="visually-hidden">{t('pay.actions')}</span></th>}
          </tr>
        </thead>
        <tbody>
          {lines.map((line) => (
            <tr key={line.instalment_id} data-testid="payment-line" data-status={line.status}>
              <th scope="row" class="mono">{line.case_reference}</th>
              <td>
                {formatDate(line.period_from)} – {formatDate(line.period_to)}
              </td>
              <td class="num">{line.amount} zł</td>
              <td>
                {label('pay.status.', line.status)}
                {line.method ? ` (${label('pay.method.', line.method)})` : ''}
                {line.status === 'reversed' && line.reason ? ` — ${line.reason}` : ''}
              </td>
              {onReverse && (
                <td>
                  {line.status === 'paid' && (
                    <button type="button" data-testid="payment-reverse" aria-label={t('pay.reverseFor', { case: line.case_reference })}
                      onClick={() => onReverse(line)}>
                      {t('pay.reverse')}
                    </button>
                  )}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}

export function PaymentsScreen() {
  const { api, auth, notify } = useApp();
  const [date, setDate] = useState(localToday());
  const [list, setList] = useState<PaymentListOut | null>(null);
  const [due, setDue] = useState<DueOut | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [reversing, setReversing] = useState<PaymentLine | null>(null);

  async function run(what: string, action: () => Promise<void>) {
    setBusy(what);
    setError(null);
    try {
      await action();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(null);
    }
  }

  async function load(after?: number) {
    const query = after === undefined ? '' : `?after=${after}`;
    setReversing(null);
    try {
      setList(await api.request<PaymentListOut>('GET', `${listPath(date)}${query}`));
      setDue(null);
    } catch (err) {
      if (!(err instanceof ApiError) || err.status !== 404) throw err;
      setList(null);
      setDue(await api.request<DueOut>('GET', `/api/payments/due?payment_date=${encodeURIComponent(date)}`));
    }
  }

  const show = () => run('show', () => load());
  const build = () =>
    run('build', async () => {
      const done = await api.request<{ position: number }>('POST', '/api/payments/lists', {
        command_id: crypto.randomUUID(),
        payment_date: date,
      });
      await load(done.position);
      notify(t('pay.built'));
    });
  const approve = (version: number) =>
    run('approve', async () => {
      const done = await api.request<{ position: number }>('POST', `${listPath(date)}/approval`, {
        command_id: crypto.randomUUID(),
        expected_version: version,
      });
      await load(done.position);
      notify(t('pay.approved'));
    });
  const download = (kind: BankFileKind) =>
    run(kind, async () => {
      const file = await fetchBankFile(auth.fetch, auth.token(), date, kind);
      saveFile(file.blob, file.filename);
      notify(t('pay.downloaded', { file: file.filename }));
    });

  return (
    <>
      <ScreenTitle>{t('pay.title')}</ScreenTitle>
      <Section title={t('pay.pick')} testid="payments-pick">
        <label>
          {t('pay.date')}{' '}
          <input type="date" data-testid="payment-date" value={date} onInput={(e) => setDate((e.target as HTMLInputElement).value)} />
        </label>{' '}
        <button type="button" data-testid="payments-show" disabled={busy !== null || !date} onClick={() => void show()}>
          {t('pay.show')}
        </button>
        {error !== null && (
          <p class="error" role="alert" data-testid="payments-error">
            {errorText(error)}
          </p>
        )}
      </Section>
      {due && (
        <Section title={t('pay.dueTitle', { date: formatDate(due.payment_date) })} testid="payments-due">
          <p data-testid="payments-due-summary">{t('pay.dueSummary', { count: due.count, total: due.total })}</p>
          {due.lines.length > 0 && <Lines lines={due.lines} testid="payments-due-lines" name={t('pay.dueTitle', { date: formatDate(due.payment_date) })} />}
          {due.dropped.length > 0 && (
            <>
              <p>{t('pay.droppedExplain')}</p>
              <Lines lines={due.dropped} testid="payments-dropped-lines" name={t('pay.droppedExplain')} />
            </>
          )}
          <button class="primary" type="button" data-testid="payments-build" disabled={busy !== null || due.count === 0} onClick={() => void build()}>
            {busy === 'build' ? t('pay.busy') : t('pay.build')}
          </button>
        </Section>
      )}
      {list && (
        <Section title={t('pay.listTitle', { date: formatDate(list.payment_date) })} testid="payments-list">
          <p data-testid="payments-list-status">
            {label('pay.listStatus.', list.status)} — {t('pay.listSummary', { count: list.count, total: totalOf(list.lines, 'paid') })}
          </p>
          <Lines lines={list.lines} testid="payments-list-lines" name={t('pay.listTitle', { date: formatDate(list.payment_date) })}
            onReverse={list.status === 'approved' && busy === null ? setReversing : undefined} />
          {reversing && list.status === 'approved' && (
            <ReversePayment key={reversing.instalment_id} list={list} line={reversing} onCancel={() => setReversing(null)}
              onDone={async (position) => {
                setReversing(null);
                await run('show', () => load(position));
              }} />
          )}
          {list.status === 'built' ? (
            <button class="primary" type="button" data-testid="payments-approve" disabled={busy !== null} onClick={() => void approve(list.version)}>
              {busy === 'approve' ? t('pay.busy') : t('pay.approve')}
            </button>
          ) : (
            <div class="action downloads" role="group" aria-label={t('pay.downloads')}>
              {(['xml', 'csv'] as const).map((kind) => (
                <button type="button" key={kind} data-testid={`payments-download-${kind}`} disabled={busy !== null} onClick={() => void download(kind)}>
                  {busy === kind ? t('pay.busy') : t(`pay.download.${kind}`)}
                </button>
              ))}
            </div>
          )}
        </Section>
      )}
    </>
  );
}
