// The offline outbox: every command the person submits is stored on the tablet first and sent
// when there is signal. The server is idempotent on command_id and checks expected_version, so:
// - a command whose answer was lost is re-sent with the same command_id;
// - commands for one folder go strictly one after another (each carries the version it expects);
// - a stale version (409 version.stale) is never merged silently: the person decides;
// - nor is a person found in another open household at sync (409 person.has_open_folder): the
//   entry is kept as a conflict until the person sends it again or discards it.
// Everything due goes in batches through POST /api/sync, which runs each command through its
// own route in the order sent, holds a folder's later commands once one is not applied, and
// answers per command; commands queued on one view are chained there (`chain`), so a whole
// offline day goes in one request instead of one round trip per command.
import Dexie from 'dexie';
import { authHeaders, readError, type FetchFn } from './api';
import type { ApiErrorInfo, CommandAck } from './contract';
import type { CommandBody, CommandKind, OutboxEntry, TeczkaDB } from './db';
import { both } from './i18n';
import { parseRetryAfter, retryDelay } from './retry';

/** A command as the screens hand it over, at the moment the person submits. */
export interface NewCommand {
  /** Made with crypto.randomUUID() at submit; enqueueing the same id twice keeps one entry. */
  command_id: string;
  folder_id: string;
  path: string;
  kind: CommandKind;
  /** The command's own fields, without command_id and expected_version. */
  body: Record<string, unknown>;
  /** The folder version the person was looking at; null for a command that opens a folder. */
  seen_version: number | null;
  depends_on?: string | null;
}

export type OutboxEvent =
  | { type: 'acked'; command_id: string; folder_id: string; version: number; position: number }
  | { type: 'conflict'; command_id: string; folder_id: string }
  | { type: 'failed'; command_id: string; folder_id: string }
  | { type: 'unauthorized' };

export interface OutboxOptions {
  db: TeczkaDB;
  user: string;
  getToken: () => string | null;
  fetch?: FetchFn;
  random?: () => number;
  /** Where `online` is fired; the window in the browser. */
  events?: EventTarget | null;
  /** Drain right after each enqueue (the app does; some tests turn it off to queue first). */
  autoDrain?: boolean;
}

type SendOutcome = 'done' | 'retry' | 'blocked' | 'unauthorized';

const STALE = 'version.stale';
/** One person, one open folder: a folder opened (or a member added) offline met another. */
export const HAS_OPEN_FOLDER = 'person.has_open_folder';
/** A send that hangs on a weak signal is given up and retried (same command_id). */
const SEND_TIMEOUT_MS = 30_000;

function timeoutSignal(ms: number): AbortSignal | undefined {
  return typeof AbortSignal !== 'undefined' && 'timeout' in AbortSignal ? AbortSignal.timeout(ms) : undefined;
}

export class Outbox {
  private readonly db: TeczkaDB;
  readonly user: string;
  private readonly getToken: () => string | null;
  private readonly fetchFn: FetchFn;
  private readonly random: () => number;
  private readonly events: EventTarget | null;
  private readonly autoDrain: boolean;
  private readonly listeners = new Set<(event: OutboxEvent) => void>();
  private draining: Promise<void> | null = null;
  private again = false;
  private force = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private stopped = false;
  /** Set by a 401: nothing is sent until the person signs in again and resume() is called. */
  private paused = false;
  /** Counts resume() calls: a 401 answering a batch sent before the latest sign-in (with the
   * old token) must not pause the outbox again, or what waited would never be sent. */
  private signIns = 0;

  constructor(options: OutboxOptions) {
    this.db = options.db;
    this.user = options.user;
    this.getToken = options.getToken;
    this.fetchFn = options.fetch ?? ((...args) => globalThis.fetch(...args));
    this.random = options.random ?? Math.random;
    this.events = options.events !== undefined ? options.events : (globalThis as { window?: EventTarget }).window ?? null;
    this.autoDrain = options.autoDrain ?? true;
  }

  /** App start: a command cut off mid-send is pending again (re-sent with its same id).
   * ('sending' was stored by earlier versions of the app; batches stay 'pending' in flight.) */
  async start(): Promise<void> {
    await this.db.outbox
      .where('user')
      .equals(this.user)
      .modify((entry) => {
        if (entry.status === 'sending') entry.status = 'pending';
      });
    this.events?.addEventListener('online', this.onOnline);
    await this.drain();
  }

  /** Logout: no more sending, no timers, no listeners. */
  stop(): void {
    this.stopped = true;
    this.events?.removeEventListener('online', this.onOnline);
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  /** After signing in again (the session had expired): send what waited. */
  resume(): Promise<void> {
    this.signIns += 1;
    this.paused = false;
    return this.drain({ force: true });
  }

  subscribe(listener: (event: OutboxEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** This user's entries in creation order. */
  entries(): Promise<OutboxEntry[]> {
    return this.db.outbox
      .where('[user+seq]')
      .between([this.user, Dexie.minKey], [this.user, Dexie.maxKey])
      .toArray();
  }

  get(commandId: string): Promise<OutboxEntry | undefined> {
    return this.db.outbox.get(commandId).then((e) => (e?.user === this.user ? e : undefined));
  }

  /** The version the next command for a folder should expect: what was seen or acknowledged. */
  async knownVersion(folderId: string, seenVersion: number): Promise<number> {
    const ack = await this.db.acks.get([this.user, folderId]);
    return ack ? Math.max(seenVersion, ack.version) : seenVersion;
  }

  /** Stores the command (once per command_id) and starts sending it. */
  async enqueue(command: NewCommand): Promise<OutboxEntry> {
    const entry = await this.db.transaction('rw', this.db.outbox, this.db.acks, async () => {
      const existing = await this.db.outbox.get(command.command_id);
      if (existing) return existing;
      const body: CommandBody = { ...command.body, command_id: command.command_id };
      if (command.seen_version !== null) {
        body.expected_version = await this.knownVersion(command.folder_id, command.seen_version);
      }
      const last = await this.db.outbox.orderBy('seq').last();
      const fresh: OutboxEntry = {
        command_id: command.command_id,
        user: this.user,
        folder_id: command.folder_id,
        method: 'POST',
        path: command.path,
        body,
        created_at: new Date().toISOString(),
        seq: (last?.seq ?? 0) + 1,
        attempts: 0,
        next_attempt_at: 0,
        status: 'pending',
        last_error: null,
        kind: command.kind,
        depends_on: command.depends_on ?? null,
        conflict_version: null,
      };
      await this.db.outbox.add(fresh);
      return fresh;
    });
    if (this.autoDrain) void this.drain();
    return entry;
  }

  /**
   * Sends what is due. Only one drain runs at a time; a call during a drain makes it go round
   * once more. `force` ignores backoff (used when the tablet comes back online).
   */
  drain(options: { force?: boolean } = {}): Promise<void> {
    if (options.force) this.force = true;
    if (this.draining) {
      this.again = true;
      return this.draining;
    }
    this.draining = this.run().finally(() => {
      this.draining = null;
    });
    return this.draining;
  }

  /** Resolves when no drain is running (for tests and for the logout flow). */
  async whenIdle(): Promise<void> {
    while (this.draining) await this.draining;
  }

  /**
   * "Apply my change on top": the person re-confirmed the content against the server's current
   * version, so it is a new command with a new command_id, in the old one's place in the queue.
   */
  async applyOnTop(commandId: string, currentVersion: number): Promise<OutboxEntry> {
    const replaced = await this.db.transaction('rw', this.db.outbox, async () => {
      const old = await this.get(commandId);
      if (!old || old.status !== 'conflict') throw new Error(`no conflict ${commandId}`);
      const newId = crypto.randomUUID();
      const fresh: OutboxEntry = {
        ...old,
        command_id: newId,
        body: { ...old.body, command_id: newId, expected_version: currentVersion },
        status: 'pending',
        attempts: 0,
        next_attempt_at: 0,
        last_error: null,
        conflict_version: null,
      };
      await this.db.outbox.delete(old.command_id);
      await this.db.outbox.add(fresh);
      // Later commands queued on the same view move onto the same new base.
      for (const later of await this.folderEntries(old.folder_id)) {
        if (later.command_id === newId) continue;
        const changes: Partial<OutboxEntry> = {};
        if (later.status === 'pending' && later.body.expected_version === old.body.expected_version) {
          changes.body = { ...later.body, expected_version: currentVersion };
        }
        if (later.depends_on === old.command_id) changes.depends_on = newId;
        if (Object.keys(changes).length) await this.db.outbox.update(later.command_id, changes);
      }
      return fresh;
    });
    void this.drain();
    return replaced;
  }

  /**
   * "Send again" after a duplicate: the refused command left nothing on the server, so the same
   * command is sent once more (e.g. after the other household was closed or the folder moved).
   */
  async sendAgain(commandId: string): Promise<void> {
    await this.db.transaction('rw', this.db.outbox, async () => {
      const old = await this.get(commandId);
      if (!old || old.status !== 'conflict') throw new Error(`no conflict ${commandId}`);
      await this.db.outbox.update(commandId, {
        status: 'pending', attempts: 0, next_attempt_at: 0, last_error: null,
      });
    });
    void this.drain();
  }

  /** "Discard mine": the command and anything that only made sense after it are dropped. */
  async discard(commandId: string): Promise<void> {
    await this.db.transaction('rw', this.db.outbox, async () => {
      const doomed = new Set([commandId]);
      for (const entry of await this.entries()) {
        if (entry.depends_on && doomed.has(entry.depends_on)) doomed.add(entry.command_id);
      }
      await this.db.outbox.bulkDelete([...doomed]);
    });
    void this.drain();
  }

  private readonly onOnline = (): void => {
    void this.drain({ force: true });
  };

  private emit(event: OutboxEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  private folderEntries(folderId: string): Promise<OutboxEntry[]> {
    return this.db.outbox.where('[user+folder_id]').equals([this.user, folderId]).sortBy('seq');
  }

  private async run(): Promise<void> {
    try {
      for (;;) {
        let progress = true;
        while (progress && !this.stopped) {
          this.again = false;
          const force = this.force;
          this.force = false;
          progress = (await this.pass(force)) || this.again;
        }
        await this.scheduleNext();
        if (!this.again || this.stopped) break;
      }
    } catch (err) {
      console.error('outbox drain failed', err);
    }
  }

  /**
   * One round: every folder's due commands, oldest first, go to the server in one batch
   * (POST /api/sync), which runs them in that order. True if any was applied.
   */
  private async pass(force: boolean): Promise<boolean> {
    const token = this.getToken();
    if (!token || this.paused || this.stopped) return false;
    const batch = syncBatch(await this.entries(), { force, now: Date.now() });
    if (batch.length === 0) return false;
    const outcome = await this.sendBatch(batch, token);
    return outcome === 'done';
  }

  private async sendBatch(batch: BatchItem[], token: string): Promise<SendOutcome> {
    const signIn = this.signIns;
    const sent = batch.map(({ entry }) => ({ ...entry, attempts: entry.attempts + 1 }));
    // They stay 'pending' while in flight: a batch cut off by a crash is simply sent again.
    await this.db.outbox.bulkUpdate(
      sent.map((entry) => ({ key: entry.command_id, changes: { attempts: entry.attempts } })),
    );
    let res: Response;
    let answer: SyncAnswer;
    try {
      res = await this.fetchFn(SYNC_PATH, {
        method: 'POST',
        headers: { ...authHeaders(token), 'Content-Type': 'application/json' },
        body: JSON.stringify({ commands: batch.map(({ command }) => command) }),
        signal: timeoutSignal(SEND_TIMEOUT_MS),
      });
      if (res.ok) answer = (await res.json()) as SyncAnswer;
    } catch {
      // No answer (or an unreadable one): the server may have applied some, so the same
      // command_ids go again later and the server answers 200 duplicate for those it did.
      for (const entry of sent) await this.retryLater(entry.command_id, entry.attempts, null, networkError());
      return 'retry';
    }
    if (!res.ok) return this.batchRefused(res, sent, signIn);
    let progress = false;
    const results = new Map(answer!.results.map((r) => [r.command_id, r]));
    for (const entry of sent) {
      const result = results.get(entry.command_id);
      const outcome = result
        ? await this.settle(entry, result, signIn)
        : (await this.retryLater(entry.command_id, entry.attempts, null, networkError()), 'retry');
      if (outcome === 'done') progress = true;
    }
    return progress ? 'done' : 'blocked';
  }

  /** The batch as a whole was not run (401, 5xx, or a client bug the server refused). */
  private async batchRefused(res: Response, sent: OutboxEntry[], signIn: number): Promise<SendOutcome> {
    if (res.status === 401) {
      for (const entry of sent) {
        await this.db.outbox.update(entry.command_id, { status: 'pending', attempts: entry.attempts - 1 });
      }
      this.pauseUnlessSignedInSince(signIn);
      return 'unauthorized';
    }
    const info = await readError(res);
    if (res.status >= 500 || res.status === 429 || res.status === 408) {
      const retryAfter = parseRetryAfter(res.headers.get('Retry-After'), Date.now());
      for (const entry of sent) await this.retryLater(entry.command_id, entry.attempts, retryAfter, info);
      return 'retry';
    }
    for (const entry of sent) await this.fail(entry, info);
    return 'blocked';
  }

  /** One command's answer inside the batch. */
  /** A 401: wait for the person to sign in — unless they already did after this was sent. */
  private pauseUnlessSignedInSince(signIn: number): void {
    if (this.paused || signIn !== this.signIns) return;
    this.paused = true;
    this.emit({ type: 'unauthorized' });
  }

  private async settle(sent: OutboxEntry, result: SyncResult, signIn: number): Promise<SendOutcome> {
    // Re-read: an earlier answer in this batch may have chained its expected_version.
    const entry = (await this.db.outbox.get(sent.command_id)) ?? sent;
    if (result.outcome === 'applied') {
      await this.acknowledge(entry, result.body as unknown as CommandAck);
      return 'done';
    }
    if (result.outcome === 'held') {
      // Never run: it waits behind its folder's earlier command, this try does not count.
      await this.db.outbox.update(entry.command_id, { status: 'pending', attempts: sent.attempts - 1 });
      return 'blocked';
    }
    const info = errorInfo(result);
    if (result.outcome === 'unavailable' || result.status === 429 || result.status === 408) {
      const retryAfter = result.retry_after_s === null || result.retry_after_s === undefined
        ? null : result.retry_after_s * 1000;
      await this.retryLater(entry.command_id, sent.attempts, retryAfter, info);
      return 'retry';
    }
    if (result.status === 401) {
      await this.db.outbox.update(entry.command_id, { status: 'pending', attempts: sent.attempts - 1 });
      this.pauseUnlessSignedInSince(signIn);
      return 'unauthorized';
    }
    if (result.status === 409 && (info.code === STALE || info.code === HAS_OPEN_FOLDER)) {
      const current = info.details.current_version;
      await this.db.outbox.update(entry.command_id, {
        status: 'conflict',
        last_error: info,
        conflict_version: typeof current === 'number' ? current : null,
      });
      this.emit({ type: 'conflict', command_id: entry.command_id, folder_id: entry.folder_id });
      return 'blocked';
    }
    await this.fail(entry, info);
    return 'blocked';
  }

  private async fail(entry: OutboxEntry, info: ApiErrorInfo): Promise<void> {
    await this.db.outbox.update(entry.command_id, { status: 'failed', last_error: info });
    this.emit({ type: 'failed', command_id: entry.command_id, folder_id: entry.folder_id });
  }

  private async retryLater(
    commandId: string,
    attempts: number,
    retryAfterMs: number | null,
    error: ApiErrorInfo,
  ): Promise<void> {
    await this.db.outbox.update(commandId, {
      status: 'pending',
      next_attempt_at: Date.now() + retryDelay(attempts, this.random, retryAfterMs),
      last_error: error,
    });
  }

  /** 2xx: the entry leaves the outbox; later commands queued on the same base are chained. */
  private async acknowledge(entry: OutboxEntry, ack: CommandAck): Promise<void> {
    if (this.stopped) return;
    await this.db.transaction('rw', this.db.outbox, this.db.acks, async () => {
      await this.db.outbox.delete(entry.command_id);
      const previous = await this.db.acks.get([this.user, entry.folder_id]);
      if (!previous || ack.version >= previous.version) {
        await this.db.acks.put({
          user: this.user,
          folder_id: entry.folder_id,
          version: ack.version,
          position: ack.position,
        });
      }
      const base = entry.body.expected_version;
      if (base === undefined) return;
      for (const later of await this.folderEntries(entry.folder_id)) {
        // Pending ones include the later ones of the same batch, answered next (the server
        // chained them on this version too).
        if (later.status === 'pending' && later.body.expected_version === base) {
          await this.db.outbox.update(later.command_id, {
            body: { ...later.body, expected_version: ack.version },
          });
        }
      }
    });
    this.emit({
      type: 'acked',
      command_id: entry.command_id,
      folder_id: entry.folder_id,
      version: ack.version,
      position: ack.position,
    });
  }

  private async scheduleNext(): Promise<void> {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    if (this.stopped || this.paused || !this.getToken()) return;
    const due = heads(await this.entries())
      .filter((e) => e.status === 'pending')
      .map((e) => e.next_attempt_at);
    if (due.length === 0) return;
    const delay = Math.max(0, Math.min(...due) - Date.now());
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.drain();
    }, delay);
  }
}

/** A command as it goes to POST /api/sync. */
export interface SyncCommand {
  command_id: string;
  method: 'POST';
  path: string;
  body: CommandBody;
  /** Queued on the same view as the previous one of its folder in the batch: the server
   * replaces expected_version with the version that one answered. */
  chain: boolean;
}

export interface BatchItem {
  entry: OutboxEntry;
  command: SyncCommand;
}

interface SyncResult {
  command_id: string;
  outcome: 'applied' | 'refused' | 'held' | 'unavailable';
  status: number;
  body: Record<string, unknown>;
  retry_after_s?: number | null;
}

interface SyncAnswer {
  results: SyncResult[];
}

/** The server takes at most this many commands per batch… */
export const BATCH_MAX_COMMANDS = 200;
/** …and bodies up to 256 KiB; the rest is headroom for the batch's own fields. */
export const BATCH_MAX_BYTES = 200 * 1024;
const SYNC_PATH = '/api/sync';
const utf8 = new TextEncoder();

/**
 * What goes in the next batch, in creation order: for each folder whose oldest entry is
 * pending and due, that entry and the pending ones right after it (a folder's commands go in
 * order, and stop at one that is waiting for the person). Bounded by count and size; a folder
 * is cut only at its end, so what is sent of it is always its oldest part.
 */
export function syncBatch(
  entries: OutboxEntry[],
  { force = false, now = Date.now(), maxCommands = BATCH_MAX_COMMANDS, maxBytes = BATCH_MAX_BYTES } = {},
): BatchItem[] {
  const batch: BatchItem[] = [];
  const open = new Map<string, OutboxEntry | null>(); // folder → its last entry in the batch
  const closed = new Set<string>();
  let bytes = 0;
  for (const entry of entries) {
    if (closed.has(entry.folder_id)) continue;
    const previous = open.get(entry.folder_id);
    const due = previous !== undefined || force || entry.next_attempt_at <= now;
    if (entry.status !== 'pending' || !due) {
      closed.add(entry.folder_id);
      continue;
    }
    const chain = previous != null && entry.body.expected_version !== undefined
      && entry.body.expected_version === previous.body.expected_version;
    const command: SyncCommand = { command_id: entry.command_id, method: entry.method, path: entry.path, body: entry.body, chain };
    const size = utf8.encode(JSON.stringify(command)).length;
    if (batch.length >= maxCommands || (batch.length > 0 && bytes + size > maxBytes)) break;
    bytes += size;
    batch.push({ entry, command });
    open.set(entry.folder_id, entry);
  }
  return batch;
}

function errorInfo(result: SyncResult): ApiErrorInfo {
  const error = (result.body as { error?: ApiErrorInfo }).error;
  if (error?.code && error.message) return { code: error.code, message: error.message, details: error.details ?? {} };
  return {
    code: `http.${result.status}`,
    message: { pl: `Serwer odpowiedział błędem ${result.status}.`, en: `The server answered with error ${result.status}.` },
    details: {},
  };
}

/** The oldest entry of each folder, in creation order: only these may be sent now. */
function heads(entries: OutboxEntry[]): OutboxEntry[] {
  const seen = new Set<string>();
  return entries.filter((e) => !seen.has(e.folder_id) && seen.add(e.folder_id));
}

function networkError(): ApiErrorInfo {
  return { code: 'network.unreachable', message: both('error.network'), details: {} };
}
