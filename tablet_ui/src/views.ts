// Reads the person opened are kept in IndexedDB, so the caseload and every client view they
// looked at still show without signal ("dane z <time>").
import { withAfter, type ApiClient } from './api';
import type { CaseloadRow, ClientView } from './contract';
import type { CachedView, TeczkaDB } from './db';

export const CASELOAD = 'caseload';
export const folderKey = (folderId: string): string => `folder:${folderId}`;

export class ViewStore {
  constructor(
    private readonly db: TeczkaDB,
    private readonly user: string,
    private readonly api: ApiClient,
  ) {}

  cached(key: string): Promise<CachedView | undefined> {
    return this.db.views.get([this.user, key]);
  }

  /** Fetches the caseload (waiting for `after` if given) and keeps it on the tablet. */
  async refreshCaseload(after?: number): Promise<CaseloadRow[]> {
    const rows = await this.api.caseload(after);
    await this.keep(CASELOAD, rows);
    return rows;
  }

  async refreshFolder(folderId: string, after?: number): Promise<ClientView> {
    const view = await this.api.folder(folderId, after);
    await this.keep(folderKey(folderId), view);
    return view;
  }

  /** Any other read (proceedings, orders, visits, reports): fetched and kept under `key`. */
  async refresh<T>(key: string, path: string, after?: number): Promise<T> {
    const data = await this.api.request<T>('GET', withAfter(path, after));
    await this.keep(key, data);
    return data;
  }

  /** Replaces a kept read without fetching (e.g. the live queue updated by the stream). */
  put(key: string, data: unknown): Promise<void> {
    return this.keep(key, data);
  }

  /** Every kept read whose key starts with `prefix` (e.g. the proceedings opened on this tablet). */
  cachedWithPrefix(prefix: string): Promise<CachedView[]> {
    return this.db.views
      .where('[user+key]')
      .between([this.user, prefix], [this.user, prefix + '\uffff'])
      .toArray();
  }

  /** Drops a kept read (e.g. one the person may no longer see). */
  forget(key: string): Promise<void> {
    return this.db.views.delete([this.user, key]);
  }

  /** True if the person has this folder on the tablet (i.e. opened it before). */
  async hasFolder(folderId: string): Promise<boolean> {
    return (await this.cached(folderKey(folderId))) !== undefined;
  }

  private async keep(key: string, data: unknown): Promise<void> {
    await this.db.views.put({ user: this.user, key, data, fetched_at: new Date().toISOString() });
  }
}
