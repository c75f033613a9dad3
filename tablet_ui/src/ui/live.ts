// Screens read IndexedDB through Dexie's liveQuery, so a write anywhere (the outbox draining,
// a view refreshed after a command) shows at once without passing callbacks around.
import { liveQuery } from 'dexie';
import { useEffect, useState } from 'preact/hooks';

/** [value, loaded]: loaded turns true after the first answer, even if that answer is undefined. */
export function useLiveQuery<T>(query: () => Promise<T>, deps: unknown[]): [T | undefined, boolean] {
  const [state, setState] = useState<{ value: T | undefined; loaded: boolean }>({
    value: undefined,
    loaded: false,
  });
  useEffect(() => {
    const subscription = liveQuery(query).subscribe({
      next: (value) => setState({ value, loaded: true }),
      error: (err) => console.error('live query failed', err),
    });
    return () => subscription.unsubscribe();
  }, deps);
  return [state.value, state.loaded];
}
