// Everything a signed-in person's screens need: the tablet's database (Dexie), the outbox, the
// kept views and the role's screens. A chunk of its own, loaded by App.tsx once someone is signed
// in, so the sign-in screen's first load carries none of it.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { ApiClient } from '../api';
import { Auth } from '../auth';
import { TeczkaDB } from '../db';
import { Outbox } from '../outbox';
import { RoleHome } from '../roles';
import { clearSession, saveSession, userKey, type Session } from '../session';
import { ViewStore } from '../views';
import { AppCtx, type AppContext } from './context';
import { LoginScreen } from './LoginScreen';
import { OutboxNotice } from './OutboxNotice';
import { useOnline } from './network';
import { navigate } from './router';
import { StickyHead } from './StickyHead';
import { TopBar } from './TopBar';

const db = new TeczkaDB();

type Services = Pick<AppContext, 'db' | 'auth' | 'api' | 'outbox' | 'views'>;

/** Everything signed-in requests go through: reads, the outbox and the event stream share `auth`. */
function servicesFor(session: Session, onExpired: () => void): Services {
  const user = userKey(session.user);
  const auth = new Auth({ session, save: saveSession, onExpired });
  const api = new ApiClient(auth.token, auth.fetch, onExpired);
  const outbox = new Outbox({ db, user, getToken: auth.token, fetch: auth.fetch });
  return { db, auth, api, outbox, views: new ViewStore(db, user, api) };
}

export function SignedIn({ session, onSession }: { session: Session; onSession: (next: Session | null) => void }) {
  const [expired, setExpired] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const online = useOnline();
  const key = userKey(session.user);
  const services = useMemo(() => servicesFor(session, () => setExpired(true)), [key]);

  useEffect(() => {
    const { outbox, views } = services;
    const unsubscribe = outbox.subscribe((event) => {
      if (event.type === 'unauthorized') setExpired(true);
      // "Saved on the tablet, it will be sent" is no longer true once the server refused the
      // change; the banner and the conflict screen say what is, so the notice goes at once.
      if (event.type === 'conflict' || event.type === 'failed') setNotice(null);
      if (event.type !== 'acked') return;
      // Read your own write: the views wait until the projections include this position.
      // Only social workers have a caseload; other roles' screens listen to the outbox themselves.
      if (session.user.role === 'social_worker') void views.refreshCaseload(event.position).catch(() => undefined);
      void views.hasFolder(event.folder_id).then((has) =>
        has ? views.refreshFolder(event.folder_id, event.position).catch(() => undefined) : undefined,
      );
    });
    void outbox.start();
    return () => {
      unsubscribe();
      outbox.stop();
    };
  }, [services]);

  useEffect(() => {
    if (!notice) return;
    const timer = setTimeout(() => setNotice(null), 6000);
    return () => clearTimeout(timer);
  }, [notice]);

  function signedIn(next: Session) {
    saveSession(next);
    const sameUser = key === userKey(next.user);
    onSession(next);
    setExpired(false);
    if (sameUser) {
      // The session had expired: the same person's unsent commands go out with the new tokens.
      services.auth.replace(next);
      void services.outbox.resume();
    }
  }

  async function logout() {
    // A send still in flight cannot write back after this: stop() makes it drop its result.
    services.outbox.stop();
    // The server ends the session (its refresh token too); the request carries the tokens in
    // hand, so it does not wait for, or depend on, what is deleted below.
    void services.auth.logout();
    // The person's unsent commands and cached client data leave the tablet with them.
    await db.clearUser(userKey(session.user));
    clearSession();
    onSession(null);
    navigate('#/');
  }

  if (expired) {
    return <LoginScreen expired={expired} onSignedIn={signedIn} />;
  }

  const ctx: AppContext = { ...services, user: session.user, online, notify: setNotice };
  return (
    <AppCtx.Provider value={ctx}>
      <StickyHead>
        <TopBar onLogout={logout} />
        <OutboxNotice />
      </StickyHead>
      <p class="notice-region" role="status" aria-live="polite" data-testid="notice">
        {notice}
      </p>
      <RoleHome role={session.user.role} />
    </AppCtx.Provider>
  );
}
