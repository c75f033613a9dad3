// The offline outbox: every command the person submits is stored on the tablet first and sent
// when there is signal. The server is idempotent on command_id and checks expected_version, so:
// - a command whose answer was lost is re-sent with the same command_id;
// - commands for one folder go strictly one after another (each carries the version it expects);
// - a stale version (409 version.stale) is never merged silently: the person decides.
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

  constructor(options: OutboxOptions) {
    this.db = options.db;
    this.user = options.user;
    this.getToken = options.getToken;
    this.fetchFn = options.fetch ?? ((...args) => globalThis.fetch(...args));
    this.random = options.random ?? Math.random;
    this.events = options.events !== undefined ? options.events : (globalThis as { window?: EventTarget }).window ?? null;
    this.autoDrain = options.autoDrain ?? true;
  }

  /** App start: a command cut off mid-send is pending again (re-sent with its same id). */
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

  /** One round over the head (oldest entry) of every folder, in creation order. */
  private async pass(force: boolean): Promise<boolean> {
    const token = this.getToken();
    if (!token || this.paused) return false;
    let progress = false;
    for (const head of heads(await this.entries())) {
      if (this.stopped) return false;
      // conflict and failed entries hold their folder until the person decides
      if (head.status !== 'pending') continue;
      if (!force && head.next_attempt_at > Date.now()) continue;
      const outcome = await this.send(head, token);
      if (outcome === 'unauthorized') return false;
      if (outcome === 'done') progress = true;
    }
    return progress;
  }

  private async send(entry: OutboxEntry, token: string): Promise<SendOutcome> {
    const attempts = entry.attempts + 1;
    await this.db.outbox.update(entry.command_id, { status: 'sending', attempts });
    let res: Response;
    let ack: CommandAck;
    try {
      res = await this.fetchFn(entry.path, {
        method: entry.method,
        headers: { ...authHeaders(token), 'Content-Type': 'application/json' },
        body: JSON.stringify(entry.body),
        signal: timeoutSignal(SEND_TIMEOUT_MS),
      });
      if (res.ok) {
        ack = (await res.json()) as CommandAck;
        await this.acknowledge(entry, ack);
        return 'done';
      }
    } catch {
      // No answer (or an unreadable one): the server may have applied it, so the same
      // command_id goes again later and the server answers 200 duplicate if it did.
      await this.retryLater(entry.command_id, attempts, null, networkError());
      return 'retry';
    }
    if (res.status === 401) {
      await this.db.outbox.update(entry.command_id, { status: 'pending', attempts: entry.attempts });
      this.paused = true;
      this.emit({ type: 'unauthorized' });
      return 'unauthorized';
    }
    const info = await readError(res);
    if (res.status >= 500 || res.status === 429 || res.status === 408) {
      const retryAfter = parseRetryAfter(res.headers.get('Retry-After'), Date.now());
      await this.retryLater(entry.command_id, attempts, retryAfter, info);
      return 'retry';
    }
    if (res.status === 409 && info.code === STALE) {
      const current = info.details.current_version;
      await this.db.outbox.update(entry.command_id, {
        status: 'conflict',
        last_error: info,
        conflict_version: typeof current === 'number' ? current : null,
      });
      this.emit({ type: 'conflict', command_id: entry.command_id, folder_id: entry.folder_id });
      return 'blocked';
    }
    await this.db.outbox.update(entry.command_id, { status: 'failed', last_error: info });
    this.emit({ type: 'failed', command_id: entry.command_id, folder_id: entry.folder_id });
    return 'blocked';
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

/** The oldest entry of each folder, in creation order: only these may be sent now. */
function heads(entries: OutboxEntry[]): OutboxEntry[] {
  const seen = new Set<string>();
  return entries.filter((e) => !seen.has(e.folder_id) && seen.add(e.folder_id));
}

function networkError(): ApiErrorInfo {
  return { code: 'network.unreachable', message: both('error.network'), details: {} };
}
