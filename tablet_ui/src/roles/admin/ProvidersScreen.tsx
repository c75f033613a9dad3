// IT's provider directory: MCUS and the others a MOPS orders services from (NGOs, day-care
// homes, DPS, meal providers) — code, name, address, the forms of help each offers and its
// capacity (shown, not enforced). Register one, amend one, deactivate or reactivate one; a
// decision chooses only from the active ones offering its form. Online only, like accounts.
import { useState } from 'preact/hooks';
import { OFFERABLE_FORMS, type ProviderEntry } from '../../contract';
import { label, t } from '../../i18n';
import { useApp } from '../../ui/context';
import { errorText } from '../../ui/errors';
import { ScreenTitle } from '../../ui/ScreenTitle';
import { useOnlineCommand } from '../../ui/useOnlineCommand';
import { useView, ViewNote } from '../../ui/useView';
import { Section } from '../shared/common';
import './users.css';

const PROVIDERS = 'admin:providers';
const PATH = '/api/providers';

interface Fields {
  name: string;
  address: string;
  services: string[];
  capacity: string;
}

const body = (f: Fields) => ({
  name: f.name,
  address: f.address,
  services: f.services,
  capacity: f.capacity.trim() ? Number(f.capacity.trim()) : null,
});

/** Posts a directory command; on success re-reads, on failure shows the server's message. */
function FieldsForm({ prefix, fields, update }: { prefix: string; fields: Fields; update: (patch: Partial<Fields>) => void }) {
  return (
    <>
      <label for={`${prefix}-name`}>{t('prov.name')}</label>
      <input id={`${prefix}-name`} data-testid={`${prefix}-name`} required value={fields.name}
        onInput={(e) => update({ name: e.currentTarget.value })} />
      <label for={`${prefix}-address`}>{t('prov.address')}</label>
      <input id={`${prefix}-address`} data-testid={`${prefix}-address`} required value={fields.address}
        onInput={(e) => update({ address: e.currentTarget.value })} />
      <fieldset>
        <legend>{t('prov.services')}</legend>
        <div class="checks">
          {OFFERABLE_FORMS.map((form) => (
            <label key={form} class="check">
              <input type="checkbox" data-testid={`${prefix}-service`} value={form} checked={fields.services.includes(form)}
                onChange={(e) => update({
                  services: e.currentTarget.checked ? [...fields.services, form] : fields.services.filter((s) => s !== form),
                })} />
              {label('form.', form)}
            </label>
          ))}
        </div>
      </fieldset>
      <label for={`${prefix}-capacity`}>{t('prov.capacity')}</label>
      <input id={`${prefix}-capacity`} data-testid={`${prefix}-capacity`} inputMode="numeric" value={fields.capacity}
        onInput={(e) => update({ capacity: e.currentTarget.value })} />
      <p class="muted">{t('prov.capacityNote')}</p>
    </>
  );
}

function NewProvider({ reread }: { reread: (position?: number) => Promise<unknown> }) {
  const empty = { code: '', name: '', address: '', services: [] as string[], capacity: '' };
  const [form, setForm] = useState(empty);
  const { busy, error, send } = useOnlineCommand(reread);
  return (
    <Section title={t('prov.new')} testid="provider-new">
      <form class="form users-form" onSubmit={async (e) => {
        e.preventDefault();
        if (await send('/api/admin/providers', { provider_id: form.code.trim(), ...body(form) })) setForm(empty);
      }}>
        <label for="prov-code">{t('prov.code')}</label>
        <input id="prov-code" data-testid="prov-code" autocapitalize="characters" required value={form.code}
          onInput={(e) => setForm({ ...form, code: e.currentTarget.value.toUpperCase() })} />
        <FieldsForm prefix="prov" fields={form} update={(patch) => setForm({ ...form, ...patch })} />
        {error !== null && <p class="error" role="alert" data-testid="provider-new-error">{errorText(error)}</p>}
        <button type="submit" class="primary" data-testid="provider-register" disabled={busy}>{t('prov.register')}</button>
      </form>
    </Section>
  );
}

function ProviderRow({ provider: p, reread }: { provider: ProviderEntry; reread: (position?: number) => Promise<unknown> }) {
  const [editing, setEditing] = useState<Fields | null>(null);
  const { busy, error, send } = useOnlineCommand(reread);
  const path = `/api/admin/providers/${encodeURIComponent(p.provider_id)}`;
  return (
    <li class="card users-row" data-testid="provider-row" data-provider={p.provider_id}>
      <div class="users-who">
        <strong>{p.name}</strong> <span class="muted mono">{p.provider_id}</span>
        <div>{p.address}</div>
        <div data-testid="provider-services">{p.services.map((s) => label('form.', s)).join(', ')}</div>
        <div class="muted">{p.capacity === null ? t('prov.noCapacity') : t('prov.places', { n: String(p.capacity) })}</div>
        <div data-testid="provider-state" class={p.active ? 'users-state' : 'users-state users-closed'}>
          {p.active ? t('prov.active') : t('prov.inactive')}
        </div>
      </div>
      {editing ? (
        <form class="form users-form" data-testid="provider-edit" onSubmit={async (e) => {
          e.preventDefault();
          if (await send(`${path}/amendment`, { expected_version: p.version, ...body(editing) })) setEditing(null);
        }}>
          <FieldsForm prefix="edit" fields={editing} update={(patch) => setEditing({ ...editing, ...patch })} />
          <div class="users-actions">
            <button type="submit" class="primary" data-testid="provider-save" disabled={busy}>{t('prov.save')}</button>
            <button type="button" onClick={() => setEditing(null)}>{t('users.cancel')}</button>
          </div>
        </form>
      ) : (
        <div class="users-actions">
          <button data-testid="provider-amend" onClick={() => setEditing({
            name: p.name, address: p.address, services: [...p.services], capacity: p.capacity === null ? '' : String(p.capacity),
          })}>{t('prov.amend')}</button>
          {p.active ? (
            <button data-testid="provider-deactivate" disabled={busy}
              onClick={() => window.confirm(t('prov.deactivateAsk', { name: p.name })) &&
                send(`${path}/deactivation`, { expected_version: p.version })}>
              {t('prov.deactivate')}
            </button>
          ) : (
            <button data-testid="provider-reactivate" disabled={busy}
              onClick={() => send(`${path}/reactivation`, { expected_version: p.version })}>
              {t('prov.reactivate')}
            </button>
          )}
        </div>
      )}
      {error !== null && <p class="error" role="alert" data-testid="provider-row-error">{errorText(error)}</p>}
    </li>
  );
}

export function ProvidersScreen() {
  const { views } = useApp();
  const providers = useView<ProviderEntry[]>(PROVIDERS, () => views.refresh(PROVIDERS, PATH));
  const reread = (position?: number) => views.refresh(PROVIDERS, PATH, position);
  return (
    <>
      <ScreenTitle>{t('prov.title')}</ScreenTitle>
      <p class="muted">{t('prov.intro')}</p>
      <NewProvider reread={reread} />
      <Section title={t('prov.list')} testid="provider-list">
        <ViewNote view={providers} />
        <ul class="users-list">
          {(providers.data ?? []).map((p) => (
            <ProviderRow key={`${p.provider_id}:${p.version}`} provider={p} reread={reread} />
          ))}
        </ul>
      </Section>
    </>
  );
}
