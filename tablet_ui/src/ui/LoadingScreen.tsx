// The screen shown while a chunk (the signed-in frame, a role's screens, the later screens)
// is on its way, or the network error if it could not be fetched.
import { t } from '../i18n';

export function LoadingScreen({ failed }: { failed: boolean }) {
  return (
    <main class="screen">
      <p class={failed ? 'error' : 'muted'} role={failed ? 'alert' : 'status'}>
        {failed ? t('error.network') : t('common.loading')}
      </p>
    </main>
  );
}
