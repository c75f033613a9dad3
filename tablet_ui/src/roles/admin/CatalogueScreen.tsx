// IT's service catalogue (issue #20): the entries in force with their versions and validity,
// Wrocław's starting catalogue published in one step, an entry's condition changed from a day
// (a new version; the old one ends the day before) and an entry withdrawn after its last day.
// A condition the server refuses is shown with the line and column of the error. Online only,
// like the provider directory.
import { useState } from 'preact/hooks';
import { ApiError } from '../../api';
import { catalogueKey, type Catalogue, type CatalogueEntry } from '../../catalogue';
import { localToday } from '../../commands';
import { formatDate, t } from '../../i18n';
import { useApp } from '../../ui/context';
import { errorText } from '../../ui/errors';
import { ScreenTitle } from '../../ui/ScreenTitle';
import { useOnlineCommand } from '../../ui/useOnlineCommand';
import { useView, ViewNote } from '../../ui/useView';
import { Section } from '../shared/common';
import './users.css';

const PATH = '/api/catalogue';

/** The server's refusal, with where in the condition it is when it says so. */
function refusal(error: unknown): string {
  const text = errorText(error);
  if (error instanceof ApiError && typeof error.info.details.line === 'number') {
    const where = t('cat.at', { line: String(error.info.details.line), column: String(error.info.details.column) });
    const fact = typeof error.info.details.fact === 'string' ? ` «${error.info.details.fact}»` : '';
    return `${text} ${where}${fact}`;
  }
  return text;
}

/** An entry's fields as the amendment sends them (all but the code). */
function amendment(e: CatalogueEntry, condition: string, validFrom: string) {
  return {
    kind: e.kind, name_pl: e.name_pl, name_en: e.name_en, form: e.form, legal_basis: e.legal_basis,
    basis_to_confirm: e.basis_to_confirm, condition, description_pl: e.description_pl,
    valid_from: validFrom, standard: e.standard, items: e.items, places: e.places,
  };
}

function EntryRow({ entry: e, reread }: { entry: CatalogueEntry; reread: (position?: number) => Promise<unknown> }) {
  const [editing, setEditing] = useState<{ condition: string; valid_from: string } | null>(null);
  const [withdrawOn, setWithdrawOn] = useState('');
  const { busy, error, send } = useOnlineCommand(reread);
  const path = `/api/admin/catalogue/entries/${encodeURIComponent(e.code)}`;
  return (
    <li class="card users-row" data-testid="catalogue-row" data-code={e.code}>
      <div class="users-who">
        <strong>{e.name_pl}</strong> <span class="muted mono">{e.code} · v{e.version}</span>
        <div class="muted">{t('cat.valid', { from: formatDate(e.valid_from), to: e.valid_to ? formatDate(e.valid_to) : '…' })}</div>
        <div>{e.legal_basis}{e.basis_to_confirm && ` ${t('cat.toConfirm')}`}</div>
        <code class="mono" data-testid="catalogue-condition">{e.condition}</code>
      </div>
      {editing ? (
        <form class="form users-form" data-testid="catalogue-edit" onSubmit={async (ev) => {
          ev.preventDefault();
          if (await send(`${path}/amendment`, amendment(e, editing.condition, editing.valid_from))) setEditing(null);
        }}>
          <label for={`cond-${e.code}`}>{t('cat.condition')}</label>
          <textarea id={`cond-${e.code}`} data-testid="catalogue-condition-input" class="mono" rows={3}
            value={editing.condition} onInput={(ev) => setEditing({ ...editing, condition: ev.currentTarget.value })} />
          <label for={`from-${e.code}`}>{t('cat.validFrom')}</label>
          <input id={`from-${e.code}`} type="date" data-testid="catalogue-valid-from" value={editing.valid_from}
            onInput={(ev) => setEditing({ ...editing, valid_from: ev.currentTarget.value })} />
          <div class="users-actions">
            <button type="submit" class="primary" data-testid="catalogue-save" disabled={busy}>{t('cat.save')}</button>
            <button type="button" onClick={() => setEditing(null)}>{t('users.cancel')}</button>
          </div>
        </form>
      ) : (
        <div class="users-actions">
          <button data-testid="catalogue-amend" onClick={() => setEditing({ condition: e.condition, valid_from: localToday() })}>
            {t('cat.amend')}
          </button>
          <label class="visually-hidden" for={`to-${e.code}`}>{t('cat.lastDay')}</label>
          <input id={`to-${e.code}`} type="date" value={withdrawOn} onInput={(ev) => setWithdrawOn(ev.currentTarget.value)} />
          <button data-testid="catalogue-withdraw" disabled={busy || !withdrawOn}
            onClick={() => send(`${path}/withdrawal`, { valid_to: withdrawOn })}>{t('cat.withdraw')}</button>
        </div>
      )}
      {error !== null && <p class="error" role="alert" data-testid="catalogue-row-error">{refusal(error)}</p>}
    </li>
  );
}

export function CatalogueScreen() {
  const { views } = useApp();
  const catalogue = useView<Catalogue>(catalogueKey, () => views.refresh(catalogueKey, PATH));
  const reread = (position?: number) => views.refresh(catalogueKey, PATH, position);
  const { busy, error, send } = useOnlineCommand(reread);
  const today = localToday();
  // The latest version of each entry (the catalogue gives every version).
  const latest = new Map<string, CatalogueEntry>();
  for (const e of catalogue.data?.entries ?? []) latest.set(e.code, e);
  const entries = [...latest.values()];
  const inForce = entries.filter((e) => !e.valid_to || e.valid_to >= today);
  return (
    <>
      <ScreenTitle>{t('cat.title')}</ScreenTitle>
      <p class="muted">{t('cat.intro')}</p>
      <Section title={t('cat.list')} testid="catalogue-list">
        <ViewNote view={catalogue} />
        {catalogue.data && (
          <p data-testid="catalogue-summary">{t('cat.summary', {
            version: String(catalogue.data.version),
            services: String(inForce.filter((e) => e.kind === 'service').length),
            packages: String(inForce.filter((e) => e.kind === 'package').length),
          })}</p>
        )}
        {catalogue.data && entries.length === 0 && (
          <button class="primary" data-testid="catalogue-publish-seed" disabled={busy}
            onClick={() => send('/api/admin/catalogue/seed', {})}>{t('cat.publishSeed')}</button>
        )}
        {error !== null && <p class="error" role="alert">{refusal(error)}</p>}
        <ul class="users-list">
          {entries.map((e) => <EntryRow key={`${e.code}:${e.version}:${e.valid_to ?? ''}`} entry={e} reread={reread} />)}
        </ul>
      </Section>
    </>
  );
}
