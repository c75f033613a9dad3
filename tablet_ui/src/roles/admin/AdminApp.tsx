// The administrator (IT): no case content, only the system — the read models' health, the
// staff accounts, the provider directory and the service catalogue. Each screen is a self-contained component in this folder; this shell only
// lays them out.
import { t } from '../../i18n';
import { ScreenTitle } from '../../ui/ScreenTitle';
import { IssuesBanner } from '../shared/common';
import { CatalogueScreen } from './CatalogueScreen';
import { HealthScreen } from './HealthScreen';
import { ProvidersScreen } from './ProvidersScreen';
import { UsersScreen } from './UsersScreen';

export default function AdminApp() {
  return (
    <>
      <IssuesBanner />
      <main class="screen" data-testid="admin-home">
        <ScreenTitle>{t('adm.title')}</ScreenTitle>
        <HealthScreen />
        <UsersScreen />
        <ProvidersScreen />
        <CatalogueScreen />
      </main>
    </>
  );
}
