// The administrator (IT): no case content, only the system. Each screen is its own component in
// this folder; this shell only lays them out.
import { t } from '../../i18n';
import { ScreenTitle } from '../../ui/ScreenTitle';
import { HealthScreen } from './HealthScreen';

export default function AdminApp() {
  return (
    <main class="screen" data-testid="admin-home">
      <ScreenTitle>{t('adm.title')}</ScreenTitle>
      <HealthScreen />
    </main>
  );
}
