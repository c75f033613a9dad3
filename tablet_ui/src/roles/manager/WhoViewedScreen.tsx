// "Kto przeglądał dane" (#/who-viewed, issue #21): a data subject asks (GDPR art. 15) who read
// their data. The manager finds the person among the team's households, sees every read of
// their folder — by anyone, of any unit: who, role, unit, when (Warsaw time), in which view and
// why, consecutive reads grouped ×N — and downloads the letter to the person (PDF: dates,
// purposes, roles and units; staff names only if the DPO so set, CJEU C-579/21). The search,
// the report and the letter are each recorded in the access log. Online only.
import { useState } from 'preact/hooks';
import type { AccessReport, PersonHit } from '../../contract';
import { fetchFile } from '../../documents';
import { formatDateTime, label, t } from '../../i18n';
import { saveFile } from '../../download';
import { useApp } from '../../ui/context';
import { errorText } from '../../ui/errors';
import { ScreenTitle } from '../../ui/ScreenTitle';
import { ScrollRegion } from '../../ui/ScrollRegion';
import { Section } from '../shared/common';
import { groupReport } from './accessLog';

const MIN_QUERY = 2; // GET /api/persons: q of 2 to 80 characters

export function WhoViewedScreen() {
  const { api } = useApp();
  const [query, setQuery] = useState('');
  const [hits, setHits] = useState<PersonHit[] | null>(null);
  const [chosen, setChosen] = useState<PersonHit | null>(null);
  const [report, setReport] = useState<AccessReport | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [tooShort, setTooShort] = useState(false);

  async function search(e: Event) {
    e.preventDefault();
    const q = query.trim();
    setTooShort(q.length < MIN_QUERY);
    if (q.length < MIN_QUERY) return;
    setError(null);
    setChosen(null);
    setReport(null);
    try {
      setHits(await api.request<PersonHit[]>('GET', `/api/persons?q=${encodeURIComponent(q)}&purpose=data_subject_request`));
    } catch (err) {
      setError(err);
    }
  }

  async function choose(hit: PersonHit) {
    setError(null);
    setChosen(hit);
    setReport(null);
    try {
      setReport(await api.request<AccessReport>('GET', `/api/folders/${encodeURIComponent(hit.folder_id)}/access-report`));
    } catch (err) {
      setError(err);
    }
  }

  return (
    <>
      <ScreenTitle>{t('who.title')}</ScreenTitle>
      <p class="muted">{t('who.explain')}</p>
      <form class="row" onSubmit={(e) => void search(e)} data-testid="who-search-form">
        <label>
          {t('who.search')}
          <input type="search" data-testid="who-search" value={query} maxLength={80} autoComplete="off"
            aria-invalid={tooShort ? 'true' : undefined} aria-describedby={tooShort ? 'who-search-error' : undefined}
            onInput={(e) => setQuery((e.currentTarget as HTMLInputElement).value)} />
        </label>
        <button type="submit" data-testid="who-search-submit">{t('search.submit')}</button>
      </form>
      {tooShort && <p class="error" id="who-search-error" role="alert">{t('who.tooShort')}</p>}
      {error !== null && <p class="error" role="alert" data-testid="who-error">{errorText(error)}</p>}
      {hits !== null && hits.length === 0 && <p data-testid="who-none">{t('search.none')}</p>}
      {hits !== null && hits.length > 0 && (
        <ul class="plain who-hits" data-testid="who-hits">
          {hits.map((h) => (
            <li key={h.member_id}>
              <button type="button" class="link" data-testid="who-hit" data-folder-id={h.folder_id}
                aria-pressed={chosen?.member_id === h.member_id} onClick={() => void choose(h)}>
                {h.name}
              </button>
              <span class="muted">
                {h.pesel_masked ? ` PESEL ${h.pesel_masked}` : ''}
                {h.birth_year ? ` · ${t('who.born', { year: h.birth_year })}` : ''}
                {h.folder_status === 'closed' ? ` · ${t('search.closed')}` : ''}
              </span>
            </li>
          ))}
        </ul>
      )}
      {chosen && report && <Report person={chosen} report={report} />}
    </>
  );
}

function Report({ person, report }: { person: PersonHit; report: AccessReport }) {
  const { auth } = useApp();
  const [letterError, setLetterError] = useState<unknown>(null);
  const lines = groupReport(report.entries);

  async function letter() {
    setLetterError(null);
    try {
      const path = `/api/folders/${encodeURIComponent(report.folder_id)}/access-report.pdf`;
      const file = await fetchFile(auth.fetch, auth.token(), path, 'application/pdf', 'dostep-do-danych.pdf');
      saveFile(file.blob, file.filename);
    } catch (err) {
      setLetterError(err);
    }
  }

  return (
    <Section title={t('who.reportTitle', { name: person.name })} testid="who-report">
      <p class="muted">{t('who.reportNote', { at: formatDateTime(report.produced_at) })} {t('audit.timeZone')}</p>
      <button type="button" data-testid="who-letter" onClick={() => void letter()}>{t('audit.letter')}</button>
      {letterError !== null && <p class="error" role="alert">{errorText(letterError)}</p>}
      {lines.length === 0 && <p data-testid="who-report-empty">{t('who.nobody')}</p>}
      {lines.length > 0 && (
        <ScrollRegion label={t('who.reportTitle', { name: person.name })}>
          <table class="data" data-testid="who-table">
            <thead>
              <tr>
                <th scope="col">{t('mgr.when')}</th>
                <th scope="col">{t('mgr.who')}</th>
                <th scope="col">{t('who.unit')}</th>
                <th scope="col">{t('mgr.what')}</th>
                <th scope="col">{t('mgr.purpose')}</th>
              </tr>
            </thead>
            <tbody>
              {lines.map(({ entry: e, count, firstAt }) => (
                <tr key={e.record_id} data-testid="who-row" data-view={e.view} data-unit={e.viewer_unit} data-count={count}>
                  <td>
                    <span data-testid="who-time">{formatDateTime(e.viewed_at)}</span>
                    {count > 1 && (
                      <span class="count-badge" title={t('audit.timesLabel', { count, first: formatDateTime(firstAt), last: formatDateTime(e.viewed_at) })}>
                        {' '}{t('audit.times', { count })}
                      </span>
                    )}
                  </td>
                  <td>{e.viewer_name ?? e.viewer_id} <span class="muted">({label('role.', e.viewer_role)})</span></td>
                  <td>{e.viewer_unit}</td>
                  <td>{label('audit.view.', e.view)}</td>
                  <td>{label('audit.purpose.', e.purpose)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
    </Section>
  );
}
