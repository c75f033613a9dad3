import { useState } from 'preact/hooks';
import { useFormState } from './formState';
import { ApiClient, ApiError } from '../api';
import { t } from '../i18n';
import { sessionFrom, type Session } from '../session';
import { errorText } from './errors';
import { LangSwitch } from './LangSwitch';

export function LoginScreen({ expired, onSignedIn }: { expired: boolean; onSignedIn: (s: Session) => void }) {
  const [fields, update, latest] = useFormState({ username: '', password: '' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function submit(event: Event) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const { username, password } = latest();
      const res = await new ApiClient(() => null).login(username.trim(), password);
      onSignedIn(sessionFrom(res));
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }

  return (
    <main class="login">
      <div class="login-lang">
        <LangSwitch />
      </div>
      <h1>{t('app.title')}</h1>
      <form class="card" onSubmit={submit} data-testid="login-form">
        <h2>{t('login.title')}</h2>
        {expired && <p class="notice" role="status">{t('login.expired')}</p>}
        <label for="login-username">{t('login.username')}</label>
        <input
          id="login-username"
          data-testid="login-username"
          autocomplete="username"
          autocapitalize="none"
          required
          value={fields.username}
          onInput={(e) => update({ username: e.currentTarget.value })}
        />
        <label for="login-password">{t('login.password')}</label>
        <input
          id="login-password"
          data-testid="login-password"
          type="password"
          autocomplete="current-password"
          required
          value={fields.password}
          onInput={(e) => update({ password: e.currentTarget.value })}
        />
        {error !== null && (
          <p class="error" role="alert" data-testid="login-error">
            {errorText(error)}
            {retryAfter(error) !== null && <> {t('login.retryIn', { s: retryAfter(error) ?? 0 })}</>}
          </p>
        )}
        <button type="submit" class="primary" data-testid="login-submit" disabled={busy}>
          {busy ? t('login.busy') : t('login.submit')}
        </button>
      </form>
    </main>
  );
}

/** A sign-in answered 429 says in how many seconds to try again (too many failures). */
function retryAfter(error: unknown): number | null {
  if (!(error instanceof ApiError)) return null;
  const seconds = error.info.details?.retry_after_s;
  return typeof seconds === 'number' ? seconds : null;
}
