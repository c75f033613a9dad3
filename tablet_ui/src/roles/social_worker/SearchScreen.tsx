// The city-wide person search, before a folder is opened: her own team's folders open; of
// another team's only "has a folder in team X (no. …)"; nothing found → a new folder, with what
// was searched for filled in (the new-folder screen reads `#/folders/new?pesel=…&first_name=…&last_name=…`).
// What is typed is kept as a draft until the search is answered (e.g. typed without signal,
// sent when there is some) or discarded.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { CityHit, CitySearch } from '../../contract';
import { draftKey } from '../../drafts';
import { formatDate, t } from '../../i18n';
import { useApp } from '../../ui/context';
import { DraftNote } from '../../ui/DraftNote';
import { errorText } from '../../ui/errors';
import { href } from '../../ui/router';
import { ScreenTitle } from '../../ui/ScreenTitle';
import { useDraft } from '../../ui/useDraft';

const FIELDS = [
  ['pesel', 'search.pesel', 'text'],
  ['name', 'search.name', 'text'],
  ['birth_date', 'search.birthDate', 'date'],
  ['address', 'search.address', 'text'],
] as const;

/** The new-folder screen's address, with the searched PESEL and name as query parameters. */
export function newFolderHref(criteria: CitySearch): string {
  const query = new URLSearchParams();
  if (criteria.pesel) query.set('pesel', criteria.pesel.trim());
  // "Jan Maria Kowalska": the last word is the surname, the words before it the first names.
  const words = (criteria.name ?? '').trim().split(/\s+/).filter(Boolean);
  if (words.length === 1) query.set('last_name', words[0]!);
  if (words.length > 1) {
    query.set('first_name', words.slice(0, -1).join(' '));
    query.set('last_name', words.at(-1)!);
  }
  const rest = query.toString();
  return `#/folders/new${rest ? `?${rest}` : ''}`;
}

/** Her team's folders are links; another team's only say where the person is. */
function HitRow({ hit }: { hit: CityHit }) {
  if (!hit.person) {
    return (
      <li class="card search-hit search-hit-other" data-testid="search-hit-other" data-team={hit.team_id}>
        <strong>{t('search.otherTeam', { team: hit.team_id, ref: hit.folder_id })}</strong>
        <p class="muted">{t('search.otherTeamHint')}</p>
      </li>
    );
  }
  const p = hit.person;
  return (
    <li class="search-hit" data-testid="search-hit-own">
      <a class="caseload-row" href={href.folder(hit.folder_id)}>
        <span class="row-main">
          <strong class="row-name">{p.first_name} {p.last_name}</strong>
          <span class="row-address">{p.address}</span>
        </span>
        <span class="row-meta">
          {p.birth_date && <span>{t('search.born', { date: formatDate(p.birth_date) })}</span>}
          {p.pesel && <span>{p.pesel}</span>}
          {!hit.folder_open && <span class="badge">{t('search.closed')}</span>}
          {hit.warning && <span class="badge badge-alert" data-testid="search-warning">{t('search.noPesel')}</span>}
        </span>
      </a>
    </li>
  );
}

type SearchInput = Record<(typeof FIELDS)[number][0], string>;

export function SearchScreen() {
  const { api, online } = useApp();
  const [input, update, , draft] = useDraft<SearchInput>(draftKey('search', 'city'), { pesel: '', name: '', birth_date: '', address: '' });
  const [hits, setHits] = useState<CityHit[] | null>(null);
  const [searched, setSearched] = useState<CitySearch>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const results = useRef<HTMLElement>(null);
  // The answer is below the form: bring it into sight on a tablet held upright or not.
  useEffect(() => {
    if (hits !== null) results.current?.scrollIntoView?.({ block: 'start' });
  }, [hits]);

  async function submit(event: Event) {
    event.preventDefault();
    // Read from the form as it is now (a tap may come before the last keystroke re-renders).
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const criteria: CitySearch = {};
    for (const [key] of FIELDS) {
      const value = String(form.get(key) ?? '').trim();
      if (value) criteria[key] = value;
    }
    if (Object.keys(criteria).length === 0) {
      setError(t('search.needCriteria'));
      return;
    }
    if (!online) {
      setError(t('search.needOnline'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      setHits(await api.searchCity(criteria));
      setSearched(criteria);
      // Answered: the search was sent, its draft goes (the fields still show what was asked).
      // Not awaited: the form is ready for the next search at once.
      void draft.clear();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <main class="screen">
      <a class="back" href={href.home()}>← {t('common.back')}</a>
      <ScreenTitle>{t('search.title')}</ScreenTitle>
      <p class="muted">{t('search.explain')}</p>
      <form class="card form" onSubmit={submit} noValidate data-testid="search-form">
        <DraftNote draft={draft} />
        {FIELDS.map(([key, label, type]) => (
          <>
            <label for={`search-${key}`}>{t(label)}</label>
            <input id={`search-${key}`} name={key} data-testid={`search-${key}`} type={type}
              inputMode={key === 'pesel' ? 'numeric' : undefined} value={input[key]}
              onInput={(e) => update({ [key]: (e.currentTarget as HTMLInputElement).value })} />
          </>
        ))}
        {error && <p class="error" role="alert" data-testid="search-error">{error}</p>}
        <button type="submit" class="primary" data-testid="search-submit" disabled={busy}>{t('search.submit')}</button>
      </form>
      {hits !== null && (
        <section ref={results} aria-labelledby="search-results-title">
          <h2 id="search-results-title">{t('search.results')}</h2>
          {hits.length === 0 && <p data-testid="search-none">{t('search.none')}</p>}
          <ul class="caseload" data-testid="search-results">
            {hits.map((hit) => <HitRow key={`${hit.folder_id}:${hit.person?.member_id ?? ''}`} hit={hit} />)}
          </ul>
          {!hits.some((h) => h.match === 'pesel') && (
            <a class="button" href={newFolderHref(searched)} data-testid="search-new-folder">{t('search.newFolder')}</a>
          )}
        </section>
      )}
    </main>
  );
}
