// Reads the person opened are kept in IndexedDB, so the caseload and every client view they
// looked at still show without signal ("dane z <time>").
import type { ApiClient } from './api';
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

  /** True if the person has this folder on the tablet (i.e. opened it before). */
  async hasFolder(folderId: string): Promise<boolean> {
    return (await this.cached(folderKey(folderId))) !== undefined;
  }

  private async keep(key: string, data: unknown): Promise<void> {
    await this.db.views.put({ user: this.user, key, data, fetched_at: new Date().toISOString() });
  }
}
