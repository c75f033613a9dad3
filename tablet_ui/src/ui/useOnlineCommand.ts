// An admin's command sent online (not through the outbox): IT acts on the server as it is
// now. Busy while it is sent; on success "saved" and the screen's read again, waiting for the
// command's position; a refusal kept for the form to show, and on 409 (someone changed it
// meanwhile) the read again so the form shows what is there now.
import { useState } from 'preact/hooks';
import { ApiError } from '../api';
import { t } from '../i18n';
import { useApp } from './context';

export function useOnlineCommand(reread: (position?: number) => Promise<unknown>) {
  const { api, notify } = useApp();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  async function send(path: string, payload: Record<string, unknown>): Promise<boolean> {
    setBusy(true);
    setError(null);
    try {
      const done = await api.request<{ position: number }>('POST', path, { command_id: crypto.randomUUID(), ...payload });
      notify(t('prov.saved'));
      await reread(done.position);
      return true;
    } catch (err) {
      setError(err);
      if (err instanceof ApiError && err.status === 409) await reread();
      return false;
    } finally {
      setBusy(false);
    }
  }
  return { busy, error, send };
}
