// Drafts: what a person typed into a form stays on the tablet until it is sent or discarded,
// so leaving a form ("← Wróć", another screen, the app closed) never loses text. Kept per user
// (deleted at sign-out with the rest of their data, TeczkaDB.clearUser) and per form and item.
import type { TeczkaDB } from './db';

/** The key of a form's draft: the form's name and what it is about (a folder, an order, …). */
export const draftKey = (form: string, id: string): string => `${form}:${id}`;

export class Drafts {
  constructor(private readonly db: TeczkaDB, private readonly user: string) {}

  async load<T>(key: string): Promise<T | undefined> {
    const row = await this.db.drafts.get([this.user, key]);
    return row?.data as T | undefined;
  }

  async save(key: string, data: unknown): Promise<void> {
    await this.db.drafts.put({ user: this.user, key, data, saved_at: new Date().toISOString() });
  }

  /** Sent or discarded: the draft goes. */
  async clear(key: string): Promise<void> {
    await this.db.drafts.delete([this.user, key]);
  }
}
