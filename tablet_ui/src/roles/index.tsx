// Screens are grouped by role: each role gets its own folder under roles/. Only the social
// worker's screens exist so far; other roles see a plain note until theirs are built.
import type { ComponentType } from 'preact';
import type { Role } from '../contract';
import { t, type MessageKey } from '../i18n';
import { SocialWorkerApp } from './social_worker/SocialWorkerApp';

const HOMES: Partial<Record<Role, ComponentType>> = {
  social_worker: SocialWorkerApp,
};

export function RoleHome({ role }: { role: Role }) {
  const Home = HOMES[role];
  if (Home) return <Home />;
  return (
    <main class="screen">
      <h1>{t(`role.${role}` as MessageKey)}</h1>
      <p data-testid="role-not-available">{t('role.notYet')}</p>
    </main>
  );
}
