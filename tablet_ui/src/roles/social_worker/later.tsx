// Loads the social worker's later screens (screens.ts). The caseload and the folder screen ask
// for them once they have shown their data: after the first paint, so they do not compete with
// it, and before the worker can tap on or lose signal (on a first visit the service worker does
// not serve this page yet, so the chunk must be in memory by then; a first touch would be too
// late: signal may already be gone).
import type { VNode } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { secondaryReadDelay } from '../../session';
import { LoadingScreen } from '../../ui/LoadingScreen';

type Screens = typeof import('./screens');

let loaded: Screens | null = null;
let loading: Promise<Screens> | null = null;

export function loadScreens(): Promise<Screens> {
  loading ??= import('./screens').then(
    (m) => (loaded = m),
    (error: unknown) => {
      loading = null; // asked again next time
      throw error;
    },
  );
  return loading;
}

/** Fetches the later screens once `shown` is true (the first screen's data is on the screen):
 * on a page opened with a session, not before its first moments are past (`session.ts`
 * `secondaryReadDelay`: past the largest paint; its service worker already holds them should
 * signal go meanwhile); after a sign-in — a first visit, perhaps, with no service worker yet —
 * at once. */
export function useLoadScreensWhen(shown: boolean): void {
  useEffect(() => {
    if (!shown) return;
    const load = () => void loadScreens().catch(() => undefined);
    const wait = secondaryReadDelay();
    if (wait === 0) {
      load();
      return;
    }
    const timer = setTimeout(load, wait);
    return () => clearTimeout(timer);
  }, [shown]);
}

/** Renders one of the later screens, waiting for the chunk only if it is not loaded yet. */
export function Later({ render }: { render: (screens: Screens) => VNode }) {
  const [screens, setScreens] = useState(loaded);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    if (screens) return;
    let current = true;
    loadScreens().then(
      (m) => current && setScreens(m),
      () => current && setFailed(true),
    );
    return () => {
      current = false;
    };
  }, []);
  if (screens) return render(screens);
  return <LoadingScreen failed={failed} />;
}
