// IT's accounts screen: every account with its role and unit; create one, move one to another
// role or unit, close one. A role that reads case content is only asked for here: a manager of
// the unit confirms it (roles/manager/StaffRequestsScreen.tsx), and the row says it waits.
// Self-contained (its own reads, texts and styles), so any admin app can show it. Online
// only, like the manager's confirmation: an account change is never left queued on a tablet.
import { useState } from 'preact/hooks';
import { draftKey } from '../../drafts';
import { DraftNote } from '../../ui/DraftNote';
import { useDraft } from '../../ui/useDraft';
import { ApiError } from '../../api';
import type { Role } from '../../contract';
import { label, t } from '../../i18n';
import { useApp } from '../../ui/context';
import { errorText } from '../../ui/errors';
import { ScreenTitle } from '../../ui/ScreenTitle';
import { useView, ViewNote } from '../../ui/useView';
import { Section } from '../shared/common';
import type { StaffRequest } from '../manager/StaffRequestsScreen';
import './users.css';

interface Account {
  user_id: string;
  version: number;
  username: string;
  display_name: string;
  role: Role;
  unit: string;
  active: boolean;
}

const ROLES: Role[] = [
  'social_worker',
  'decision_maker',
  'mcus_coordinator',
  'caregiver',
  'manager',
  'voivodeship_analyst',
  'mops_management',
  'admin',
];
const USERS = 'admin:users';
const PENDING = 'admin:user-requests';

function useAccounts() {
  const { views } = useApp();
  const users = useView<Account[]>(USERS, () => views.refresh(USERS, '/api/admin/users'));
  const pending = useView<StaffRequest[]>(PENDING, () =>
    views.refresh(PENDING, '/api/admin/user-requests?status=pending'),
  );
  /** Read both again (once they include the command's position, if given). */
  const reread = async (position?: number) => {
    await Promise.all([
      views.refresh(USERS, '/api/admin/users', position),
      views.refresh(PENDING, '/api/admin/user-requests?status=pending', position),
    ]);
  };
  return { users, pending, reread };
}

/** Posts an account command; on success re-reads, on failure shows the server's message. */
function useAccountCommand(reread: (position?: number) => Promise<void>) {
  const { api, notify } = useApp();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  async function send(path: string, body: Record<string, unknown>): Promise<boolean> {
    setBusy(true);
    setError(null);
    try {
      const done = await api.request<{ position: number }>('POST', path, { command_id: crypto.randomUUID(), ...body });
      notify(t('users.saved'));
      await reread(done.position);
      return true;
    } catch (err) {
      setError(err);
      // Changed meanwhile (a sign-in moves an account's version too): show the account as it
      // is now, so that the next attempt names its current version.
      if (err instanceof ApiError && err.status === 409) {
        notify(errorText(err));
        await reread();
      }
      return false;
    } finally {
      setBusy(false);
    }
  }
  return { busy, error, send };
}

function RoleSelect({ id, value, onChange }: { id: string; value: Role; onChange: (role: Role) => void }) {
  return (
    <select id={id} data-testid={id} value={value} onChange={(e) => onChange((e.currentTarget as HTMLSelectElement).value as Role)}>
      {ROLES.map((r) => (
        <option key={r} value={r}>
          {label('role.', r)}
        </option>
      ))}
    </select>
  );
}

function NewAccount({ reread }: { reread: (position?: number) => Promise<void> }) {
  const empty = { username: '', display_name: '', role: 'social_worker' as Role, unit: '' };
  // The draft keeps what was typed about the account; never its password: a password is not
  // written to the tablet's storage, so it is held apart, in memory only, and typed again.
  const [fields, update, latest, draft] = useDraft(draftKey('user-new', 'form'), empty);
  const [password, setPassword] = useState('');
  const form = { ...fields, password };
  const { busy, error, send } = useAccountCommand(reread);
  return (
    <Section title={t('users.new')} testid="user-new">
      <form
        class="form users-form"
        onSubmit={async (e) => {
          e.preventDefault();
          if (await send('/api/admin/users', { ...latest(), password })) {
            await draft.discard();
            setPassword('');
          }
        }}
      >
        <DraftNote draft={draft} />
        <label for="user-username">{t('users.username')}</label>
        <input id="user-username" data-testid="user-username" autocapitalize="none" required value={form.username}
          onInput={(e) => update({ username: e.currentTarget.value })} />
        <label for="user-name">{t('users.name')}</label>
        <input id="user-name" data-testid="user-name-input" required value={form.display_name}
          onInput={(e) => update({ display_name: e.currentTarget.value })} />
        <label for="new-user-role">{t('users.role')}</label>
        <RoleSelect id="new-user-role" value={form.role} onChange={(role) => update({ role })} />
        <label for="user-unit">{t('users.unit')}</label>
        <input id="user-unit" data-testid="user-unit" required value={form.unit}
          onInput={(e) => update({ unit: e.currentTarget.value })} />
        <label for="user-password">{t('users.password')}</label>
        <input id="user-password" data-testid="user-password" type="password" autocomplete="new-password" required
          value={form.password} onInput={(e) => setPassword(e.currentTarget.value)} />
        <p class="muted">{t('users.twoPeople')}</p>
        {error !== null && <p class="error" role="alert" data-testid="user-new-error">{errorText(error)}</p>}
        <button type="submit" class="primary" data-testid="user-create" disabled={busy}>
          {t('users.create')}
        </button>
      </form>
    </Section>
  );
}

function AccountRow({ account, waits, reread }: { account: Account; waits: StaffRequest | undefined; reread: (position?: number) => Promise<void> }) {
  const [moving, setMoving] = useState<{ role: Role; unit: string } | null>(null);
  const { busy, error, send } = useAccountCommand(reread);
  const path = `/api/admin/users/${encodeURIComponent(account.user_id)}`;
  return (
    <li class="card users-row" data-testid="user-row" data-username={account.username}>
      <div class="users-who">
        <strong>{account.display_name}</strong> <span class="muted mono">{account.username}</span>
        <div>
          {label('role.', account.role)} — {account.unit}
        </div>
        <div data-testid="user-state" class={account.active ? 'users-state' : 'users-state users-closed'}>
          {waits
            ? t('users.waits', { role: label('role.', waits.role), unit: waits.unit })
            : account.active
              ? t('users.active')
              : t('users.closed')}
        </div>
      </div>
      {account.active && !waits && (
        <div class="users-actions">
          {moving ? (
            <form class="users-move" onSubmit={async (e) => {
              e.preventDefault();
              if (await send(`${path}/role`, { expected_version: account.version, ...moving })) setMoving(null);
            }}>
              <RoleSelect id={`move-role-${account.username}`} value={moving.role} onChange={(role) => setMoving({ ...moving, role })} />
              <input aria-label={t('users.unit')} data-testid="move-unit" required value={moving.unit}
                onInput={(e) => setMoving({ ...moving, unit: e.currentTarget.value })} />
              <button type="submit" class="primary" data-testid="move-save" disabled={busy}>{t('users.moveSave')}</button>
              <button type="button" onClick={() => setMoving(null)}>{t('users.cancel')}</button>
            </form>
          ) : (
            <>
              <button data-testid="user-move" onClick={() => setMoving({ role: account.role, unit: account.unit })}>
                {t('users.move')}
              </button>
              <button data-testid="user-close" disabled={busy}
                onClick={() => window.confirm(t('users.closeAsk', { name: account.display_name })) &&
                  send(`${path}/deactivation`, { expected_version: account.version })}>
                {t('users.close')}
              </button>
            </>
          )}
        </div>
      )}
      {error !== null && <p class="error" role="alert" data-testid="user-row-error">{errorText(error)}</p>}
    </li>
  );
}

export function UsersScreen() {
  const { users, pending, reread } = useAccounts();
  const waiting = new Map((pending.data ?? []).map((r) => [r.user_id, r]));
  return (
    <>
      <ScreenTitle>{t('users.title')}</ScreenTitle>
      <NewAccount reread={reread} />
      <Section title={t('users.list')} testid="user-list">
        <ViewNote view={users} />
        <ul class="users-list">
          {(users.data ?? []).map((a) => (
            <AccountRow key={`${a.user_id}:${a.version}`} account={a} waits={waiting.get(a.user_id)} reread={reread} />
          ))}
        </ul>
      </Section>
    </>
  );
}
