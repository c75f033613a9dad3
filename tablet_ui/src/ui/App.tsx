// The app's frame in the first load: the sign-in screen and the language. What a signed-in
// person needs (the database, the outbox, the role's screens and messages) is loaded when
// someone is signed in (SignedIn.tsx, `loadMessages`), and fetched ahead as soon as the person
// starts signing in, so the screen after it opens without waiting.
import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { readAhead } from '../api';
import type { Role } from '../contract';
import { getLang, loadMessages, onLangChange } from '../i18n';
import { currentSession, saveSession, type Session } from '../session';
import { LoginScreen } from './LoginScreen';
import { LoadingScreen } from './LoadingScreen';

type SignedInScreen = ComponentType<{ session: Session; onSession: (next: Session | null) => void }>;

let signedInChunk: Promise<SignedInScreen> | null = null;

function loadSignedIn(): Promise<SignedInScreen> {
  signedInChunk ??= import('./SignedIn').then(
    (m) => m.SignedIn,
    (error: unknown) => {
      signedInChunk = null; // asked again next time
      throw error;
    },
  );
  return signedInChunk;
}

// A social worker's screens that open on one read: the caseload, and a folder's screens.
const FOLDER_HASH = /^#\/folder\/([^/?]+)/;

function firstReadAhead(session: Session, hash: string): void {
  const fresh = session.expires_at == null || session.expires_at > Date.now() + 30_000;
  if (session.user.role !== 'social_worker' || !fresh) return;
  const folder = FOLDER_HASH.exec(hash);
  if (folder) readAhead(`/api/folders/${encodeURIComponent(decodeURIComponent(folder[1]!))}`, session.token);
  else if (hash === '' || hash === '#' || hash === '#/') readAhead('/api/caseload', session.token);
}

export function App() {
  const [, setLang] = useState(getLang());
  const [session, setSession] = useState(currentSession);
  const [ready, setReady] = useState<{ role: Role; Screen: SignedInScreen } | null>(null);
  const [failed, setFailed] = useState(false);
  const role = session?.user.role ?? null;

  useEffect(
    () =>
      onLangChange((lang) => {
        document.documentElement.lang = lang;
        setLang(lang);
      }),
    [],
  );
  useEffect(() => {
    document.documentElement.lang = getLang();
  }, []);

  useEffect(() => {
    if (role) return;
    // Signing in takes a few seconds of typing: time enough to fetch what comes after it.
    const ahead = () => void loadSignedIn().catch(() => undefined);
    document.addEventListener('input', ahead, { once: true });
    return () => document.removeEventListener('input', ahead);
  }, [role]);

  useEffect(() => {
    if (!role) return;
    // Opened with a session: the first screen's read goes out beside the code it needs.
    if (session) firstReadAhead(session, window.location.hash);
    let current = true;
    setFailed(false);
    Promise.all([loadSignedIn(), loadMessages(role)]).then(
      ([Screen]) => current && setReady({ role, Screen }),
      () => current && setFailed(true),
    );
    return () => {
      current = false;
    };
  }, [role]);

  if (!session) {
    return (
      <LoginScreen
        expired={false}
        onSignedIn={(next) => {
          saveSession(next);
          setSession(next);
        }}
      />
    );
  }
  if (!ready || ready.role !== session.user.role) {
    return <LoadingScreen failed={failed} />;
  }
  return <ready.Screen session={session} onSession={setSession} />;
}
