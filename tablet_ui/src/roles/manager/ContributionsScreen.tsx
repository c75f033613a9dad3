// Składki zdrowotne (#/contributions, issue #18): the month's health-insurance contributions
// the centre pays for permanent-allowance recipients — per person the allowances paid in the
// month (reversed ones excluded) and the contribution at the dated rate — and its CSV.
import { useState } from 'preact/hooks';
import { localToday } from '../../commands';
import { t } from '../../i18n';
import { contributionsPath, fetchContributionsCsv, type Contributions } from '../../receivables';
import { saveFile } from '../../download';
import { useApp } from '../../ui/context';
import { errorText } from '../../ui/errors';
import { ScreenTitle } from '../../ui/ScreenTitle';
import { Section } from '../shared/common';
import { ScrollRegion } from '../../ui/ScrollRegion';

export function ContributionsScreen() {
  const { api, auth, notify } = useApp();
  const [month, setMonth] = useState(localToday().slice(0, 7));
  const [list, setList] = useState<Contributions | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const show = () => run(async () => setList(await api.request<Contributions>('GET', contributionsPath(month))));
  const download = () =>
    run(async () => {
      const file = await fetchContributionsCsv(auth.fetch, auth.token(), month);
      saveFile(file.blob, file.filename);
      notify(t('contrib.downloaded', { file: file.filename }));
    });
  const percent = list ? (Number(list.rate) * 100).toFixed(0) : '9';
  return (
    <>
      <ScreenTitle>{t('contrib.title')}</ScreenTitle>
      <Section title={t('contrib.month')} testid="contributions-pick">
        <input type="month" data-testid="contributions-month" value={month} onInput={(e) => setMonth((e.currentTarget as HTMLInputElement).value)} />{' '}
        <button type="button" data-testid="contributions-show" disabled={busy || !/^\d{4}-\d{2}$/.test(month)} onClick={() => void show()}>
          {t('contrib.show')}
        </button>
        {error !== null && <p class="error" role="alert">{errorText(error)}</p>}
      </Section>
      {list && (
        <Section title={list.month} testid="contributions-list">
          <p class="muted">{t('contrib.note', { rate: percent })}</p>
          {list.lines.length === 0 ? (
            <p class="muted" data-testid="contributions-none">{t('contrib.none')}</p>
          ) : (
            <ScrollRegion label={t('contrib.title')}>
              <table class="data" data-testid="contributions-table">
                <thead>
                  <tr>
                    <th scope="col">{t('contrib.person')}</th>
                    <th scope="col">{t('contrib.payments')}</th>
                    <th scope="col">{t('contrib.basis')}</th>
                    <th scope="col">{t('contrib.amount')}</th>
                  </tr>
                </thead>
                <tbody>
                  {list.lines.map((line) => (
                    <tr key={`${line.folder_id}-${line.person_id}`} data-testid="contribution-line">
                      <th scope="row">{line.name}</th>
                      <td class="num">{line.payments}</td>
                      <td class="num">{line.basis}</td>
                      <td class="num">{line.contribution}</td>
                    </tr>
                  ))}
                </tbody>
                <tfoot>
                  <tr>
                    <th scope="row">{t('contrib.total')}</th>
                    <td />
                    <td class="num" data-testid="contributions-total-basis">{list.total_basis}</td>
                    <td class="num" data-testid="contributions-total">{list.total}</td>
                  </tr>
                </tfoot>
              </table>
            </ScrollRegion>
          )}
          <button type="button" data-testid="contributions-csv" disabled={busy} onClick={() => void download()}>
            {t('contrib.csv')}
          </button>
        </Section>
      )}
    </>
  );
}
