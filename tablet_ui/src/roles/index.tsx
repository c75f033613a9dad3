// Screens are grouped by role: each role gets its own folder under roles/. The social worker's
// screens are in the main bundle (the most used, and they must open offline at once); the other
// roles' screens are loaded on demand as separate chunks, so the first load stays small. The
// service worker precaches every chunk, so they open offline too.
import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { Role } from '../contract';
import { t, type MessageKey } from '../i18n';
import { SocialWorkerApp } from './social_worker/SocialWorkerApp';
import { LoadingScreen } from '../ui/LoadingScreen';

type Loader = () => Promise<{ default: ComponentType }>;

const LAZY: Partial<Record<Role, Loader>> = {
  first_contact: () => import('./first_contact/FirstContactApp'),
  decision_maker: () => import('./decision_maker/DecisionMakerApp'),
  mcus_coordinator: () => import('./mcus_coordinator/CoordinatorApp'),
  caregiver: () => import('./caregiver/CaregiverApp'),
  manager: () => import('./manager/ManagerApp'),
  admin: () => import('./admin/AdminApp'),
  mops_management: () => import('./management/ManagementApp'),
};

function Lazy({ load }: { load: Loader }) {
  const [Home, setHome] = useState<ComponentType | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let current = true;
    load().then(
      (m) => current && setHome(() => m.default),
      () => current && setFailed(true),
    );
    return () => {
      current = false;
    };
  }, [load]);
  if (Home) return <Home />;
  return <LoadingScreen failed={failed} />;
}

export function RoleHome({ role }: { role: Role }) {
  if (role === 'social_worker') return <SocialWorkerApp />;
  const load = LAZY[role];
  if (load) return <Lazy load={load} />;
  return (
    <main class="screen">
      <h1>{t(`role.${role}` as MessageKey)}</h1>
      <p data-testid="role-not-available">{t('role.notYet')}</p>
    </main>
  );
}
