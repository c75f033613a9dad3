// A read that shows what the tablet has at once and replaces it with the server's answer when
// there is one; if there is none, the person sees when the shown data is from.
import { useEffect, useState } from 'preact/hooks';
import { NetworkError } from '../api';
import { formatDateTime, t } from '../i18n';
import { useApp } from './context';
import { errorText } from './errors';
import { useLiveQuery } from './live';

export interface ViewState<T> {
  data: T | undefined;
  fetchedAt: string | null;
  /** The server answered during this visit to the screen. */
  fresh: boolean;
  loading: boolean;
  error: unknown;
}

export function useView<T>(key: string, refresh: () => Promise<unknown>): ViewState<T> {
  const { views, online } = useApp();
  const [cached, cacheLoaded] = useLiveQuery(() => views.cached(key), [key]);
  const [state, setState] = useState<{ fresh: boolean; loading: boolean; error: unknown }>({
    fresh: false,
    loading: true,
    error: null,
  });
  useEffect(() => {
    let current = true;
    setState((s) => ({ ...s, loading: true }));
    refresh().then(
      () => current && setState({ fresh: true, loading: false, error: null }),
      (error: unknown) => current && setState({ fresh: false, loading: false, error }),
    );
    return () => {
      current = false;
    };
  }, [key, online]);
  return {
    data: cached?.data as T | undefined,
    fetchedAt: cached?.fetched_at ?? null,
    fresh: state.fresh,
    loading: state.loading || !cacheLoaded,
    error: state.error,
  };
}

/** "dane z <time>" when the data is the tablet's copy, and the error if there is one. */
export function ViewNote({ view }: { view: ViewState<unknown> }) {
  const offlineWithoutData = view.data === undefined && view.error instanceof NetworkError;
  return (
    <>
      {view.data === undefined && view.loading && <p class="muted">{t('common.loading')}</p>}
      {view.data !== undefined && !view.fresh && view.fetchedAt && (
        <p class="cached-note" data-testid="cached-note">
          {t('common.dataFrom', { time: formatDateTime(view.fetchedAt) })}
        </p>
      )}
      {view.error !== null && !(view.error instanceof NetworkError && view.data !== undefined) && (
        <p class="error" role="alert" data-testid="view-error">
          {offlineWithoutData ? t('error.notCached') : errorText(view.error)}
        </p>
      )}
    </>
  );
}
