// The tablet's IndexedDB (through Dexie). Every row carries the user it belongs to, so logout can
// delete exactly that person's data: their unsent commands and their cached views.
import Dexie, { type Table } from 'dexie';
import type { ApiErrorInfo } from './contract';

export type OutboxStatus = 'pending' | 'sending' | 'conflict' | 'failed';

/** What the person did, for showing a pending command in the timeline. */
export type CommandKind =
  | 'visit_recorded'
  | 'interview_scheduled'
  | 'interview_conducted'
  | 'decision_issued'
  | 'decision_amended'
  | 'decision_revoked'
  | 'decision_delivered'
  | 'appeal_filed'
  | 'appeal_resolved'
  | 'decision_final'
  | 'proceeding_complicated'
  | 'delay_notice_issued'
  | 'proceeding_suspended'
  | 'proceeding_resumed'
  | 'proceeding_discontinued'
  | 'application_withdrawn'
  | 'appeal_waived'
  | 'decision_changed_on_appeal'
  | 'order_accepted'
  | 'caregiver_assigned'
  | 'schedule_set'
  | 'change_acknowledged'
  | 'folder_changes_seen'
  | 'order_suspended'
  | 'order_resumed'
  | 'month_closed'
  | 'care_checked_in'
  | 'care_checked_out'
  | 'observation_raised'
  | 'return_compiled'
  | 'return_submitted'
  | 'social_contract_signed'
  | 'social_contract_closed'
  | 'folder_opened'
  | 'application_filed'
  | 'folder_assigned'
  | 'member_left'
  | 'member_died'
  | 'head_changed'
  | 'member_added'
  | 'membership_corrected'
  | 'income_declared'
  | 'address_changed'
  | 'care_notes_updated'
  | 'bank_account_recorded'
  | 'services_chosen';

export interface CommandBody {
  command_id: string;
  expected_version?: number;
  occurred_at?: string;
  [field: string]: unknown;
}

export interface OutboxEntry {
  command_id: string;
  user: string;
  folder_id: string;
  method: 'POST';
  path: string;
  body: CommandBody;
  created_at: string;
  /** Creation order; strictly increasing per database, kept when a conflict is re-applied. */
  seq: number;
  attempts: number;
  /** Epoch milliseconds; the drain loop leaves the entry alone until then. */
  next_attempt_at: number;
  status: OutboxStatus;
  last_error: ApiErrorInfo | null;
  kind: CommandKind;
  /** A command that only makes sense after another one (e.g. conduct after schedule). */
  depends_on?: string | null;
  /** On a conflict: the server's version at the time (from `details.current_version`). */
  conflict_version?: number | null;
}

/** The last version and log position the server returned for a folder after our command. */
export interface FolderAck {
  user: string;
  folder_id: string;
  version: number;
  position: number;
}

/** A read the person opened, kept so it shows without signal. */
export interface CachedView {
  user: string;
  key: string;
  data: unknown;
  /** ISO time the server produced it (i.e. when it was fetched). */
  fetched_at: string;
}

/** What a person typed into a form and has not sent or discarded yet (src/drafts.ts). */
export interface Draft {
  user: string;
  /** The form and what it is about: `interview:{folder_id}`, `visit:{folder_id}`, … */
  key: string;
  data: unknown;
  saved_at: string;
}

export class TeczkaDB extends Dexie {
  outbox!: Table<OutboxEntry, string>;
  acks!: Table<FolderAck, [string, string]>;
  views!: Table<CachedView, [string, string]>;
  drafts!: Table<Draft, [string, string]>;

  constructor(name = 'teczka') {
    super(name);
    this.version(1).stores({
      outbox: 'command_id, user, [user+seq], [user+folder_id], seq',
      acks: '[user+folder_id], user',
      views: '[user+key], user',
    });
    // Drafts of forms (issue #17): personal data like the rest, so keyed by user as well.
    this.version(2).stores({ drafts: '[user+key], user' });
  }

  /** Logout: the person's outbox, acknowledgements, cached views and drafts are deleted. */
  async clearUser(user: string): Promise<void> {
    await this.transaction('rw', [this.outbox, this.acks, this.views, this.drafts], async () => {
      await this.outbox.where('user').equals(user).delete();
      await this.acks.where('user').equals(user).delete();
      await this.views.where('user').equals(user).delete();
      await this.drafts.where('user').equals(user).delete();
    });
  }
}
