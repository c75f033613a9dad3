import { useState } from 'preact/hooks';
import { t, type MessageKey } from '../i18n';
import { useApp } from './context';
import { LangSwitch } from './LangSwitch';
import { useOutboxEntries } from './useOutbox';

function OnlineStatus({ waiting }: { waiting: number }) {
  const { online } = useApp();
  return (
    <span
      class={`net ${online ? 'net-on' : 'net-off'}`}
      role="status"
      data-testid="online-status"
      data-state={online ? 'online' : 'offline'}
    >
      <span class="dot" aria-hidden="true" />
      {online ? t('net.online') : t('net.offline')}
      {waiting > 0 && (
        <span class="net-count" data-testid="outbox-count">
          {' · '}
          {t('net.pending', { n: waiting })}
        </span>
      )}
    </span>
  );
}

export function TopBar({ onLogout }: { onLogout: () => void }) {
  const { user } = useApp();
  const waiting = useOutboxEntries().length;
  const [confirming, setConfirming] = useState(false);

  function logout() {
    if (waiting > 0 && !confirming) setConfirming(true);
    else onLogout();
  }

  return (
    <header class="topbar">
      <div class="who" title={`${user.display_name} · ${t(`role.${user.role}` as MessageKey)}`}>
        <strong data-testid="user-name">{user.display_name}</strong>
        <span class="muted" data-testid="user-role">
          {t(`role.${user.role}` as MessageKey)}
        </span>
      </div>
      <OnlineStatus waiting={waiting} />
      <div class="actions">
        <LangSwitch />
        <button type="button" class="ghost" data-testid="logout-button" onClick={logout}>
          {t('user.logout')}
        </button>
      </div>
      {confirming && (
        <div class="confirm" role="alertdialog" aria-labelledby="logout-question">
          <p id="logout-question">{t('user.logoutConfirm', { n: waiting })}</p>
          <button type="button" class="danger" data-testid="logout-confirm" onClick={onLogout}>
            {t('user.logout')}
          </button>
          <button type="button" class="ghost" data-testid="logout-cancel" onClick={() => setConfirming(false)}>
            {t('common.back')}
          </button>
        </div>
      )}
    </header>
  );
}
