// "Należności": what a folder's people owe for undue benefits (art. 98 u.p.s.) — each reclaim
// with its repayments and write-offs and what is still owed. Read online (logged as a read of
// the folder's data); the social worker's folder and the decision maker's case show it.
import { useEffect, useState } from 'preact/hooks';
import { formatDate, label, t } from '../i18n';
import { folderReceivablesPath, type Receivable } from '../receivables';
import { secondaryReadDelay } from '../session';
import { useApp } from './context';
import { errorText } from './errors';
import { ScrollRegion } from './ScrollRegion';

export function ReceivableRows({ rows, withPerson = false }: { rows: Receivable[]; withPerson?: boolean }) {
  return (
    <ScrollRegion label={t('recv.title')}>
      <table class="data" data-testid="receivables-table">
        <thead>
          <tr>
            <th scope="col">{t('recv.case')}</th>
            {withPerson && <th scope="col">{t('recv.person')}</th>}
            <th scope="col">{t('recv.amount')}</th>
            <th scope="col">{t('recv.repaid')}</th>
            <th scope="col">{t('recv.writtenOff')}</th>
            <th scope="col">{t('recv.outstanding')}</th>
            <th scope="col">{t('recv.nextDue')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.reclaim_id} data-testid="receivable" data-reclaim-id={r.reclaim_id}>
              <th scope="row">
                <span class="mono">{r.case_reference}</span>
                <br />
                <span class="muted">{label('form.', r.form)} · {formatDate(r.issued_on)}</span>
                {r.entries.map((e, i) => (
                  <div key={i} class="muted" data-testid="receivable-entry" data-kind={e.kind}>
                    {formatDate(e.on_date)} · {label('recv.entry.', e.kind)} {e.amount !== '0.00' ? `${e.amount} zł` : ''}
                    {e.method ? ` (${label('recv.method.', e.method)})` : ''}
                  </div>
                ))}
              </th>
              {withPerson && <td>{r.name}</td>}
              <td class="num nowrap">{r.amount} zł</td>
              <td class="num nowrap">{r.repaid} zł</td>
              <td class="num nowrap">{r.written_off} zł</td>
              <td class="num nowrap" data-testid="receivable-outstanding"><strong>{r.outstanding} zł</strong></td>
              <td>{r.instalments.map((i) => `${formatDate(i.due_on)}: ${i.amount} zł`).join('; ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}

/** The panel; `after` (a log position) makes it wait for a write just made. */
export function ReceivablesPanel({ folderId, after }: { folderId: string; after?: number }) {
  const { api } = useApp();
  const [rows, setRows] = useState<Receivable[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    let live = true;
    const read = () =>
      api.request<Receivable[]>('GET', folderReceivablesPath(folderId, after))
        .then((found) => live && setRows(found))
        .catch((err: unknown) => live && setError(err));
    const wait = secondaryReadDelay();
    const timer = wait > 0 ? setTimeout(read, wait) : (void read(), undefined);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [folderId, after]);
  return (
    <section class="card" data-testid="receivables-panel" aria-labelledby={`recv-${folderId}`}>
      <h2 id={`recv-${folderId}`}>{t('recv.title')}</h2>
      {error !== null && <p class="error" role="alert">{errorText(error)}</p>}
      {rows !== null && rows.length === 0 && <p class="muted" data-testid="receivables-none">{t('recv.none')}</p>}
      {rows !== null && rows.length > 0 && <ReceivableRows rows={rows} />}
    </section>
  );
}
