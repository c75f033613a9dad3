import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { ApiClient } from '../api';
import type { Auth } from '../auth';
import type { User } from '../contract';
import type { TeczkaDB } from '../db';
import type { Outbox } from '../outbox';
import type { ViewStore } from '../views';

/** What every screen of a signed-in person works with. */
export interface AppContext {
  user: User;
  db: TeczkaDB;
  /** The tokens; `auth.fetch` refreshes them for any signed-in request made outside `api`. */
  auth: Auth;
  api: ApiClient;
  outbox: Outbox;
  views: ViewStore;
  online: boolean;
  /** A short message read out and shown once (e.g. "saved on the tablet"). */
  notify: (message: string) => void;
}

export const AppCtx = createContext<AppContext | null>(null);

export function useApp(): AppContext {
  const ctx = useContext(AppCtx);
  if (!ctx) throw new Error('useApp outside a signed-in session');
  return ctx;
}
