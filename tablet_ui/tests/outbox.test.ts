import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TeczkaDB, type OutboxEntry } from '../src/db';
import { Outbox, syncBatch, type NewCommand, type OutboxEvent } from '../src/outbox';
import { refusal } from './support/api';
import { FakeServer } from './support/fakeServer';

let db: TeczkaDB;

beforeEach(() => {
  db = new TeczkaDB(`teczka-test-${crypto.randomUUID()}`);
});

afterEach(async () => {
  vi.useRealTimers();
  await db.delete();
});

function outboxFor(server: FakeServer, options: Partial<ConstructorParameters<typeof Outbox>[0]> = {}) {
  const events: OutboxEvent[] = [];
  const outbox = new Outbox({
    db,
    user: 'anna',
    getToken: () => 'token-anna',
    fetch: server.fetch,
    random: () => 1, // no jitter: the waits are exactly 1 s, 2 s, 4 s…
    events: null,
    autoDrain: false,
    ...options,
  });
  outbox.subscribe((e) => events.push(e));
  return { outbox, events };
}

function visit(folder: string, seen: number, notes = 'rozmowa z rodziną'): NewCommand {
  return {
    command_id: crypto.randomUUID(),
    folder_id: folder,
    path: `/api/folders/${folder}/visits`,
    kind: 'visit_recorded',
    seen_version: seen,
    body: {
      visit: { visit_id: crypto.randomUUID(), visited_on: '2025-03-04', minutes: 45, activity: 'home_visit', place: 'dom', notes },
    },
  };
}

const statusOf = async (id: string) => (await db.outbox.get(id))?.status;

describe('a command the server accepts', () => {
  it('is sent with its command_id, expected_version and token, then leaves the outbox', async () => {
    const server = new FakeServer({ f1: 3 });
    const { outbox, events } = outboxFor(server);
    const command = visit('f1', 3);

    await outbox.enqueue(command);
    expect(await statusOf(command.command_id)).toBe('pending'); // shows as pending at once
    await outbox.drain();

    expect(server.calls).toHaveLength(1);
    expect(server.calls[0].path).toBe('/api/folders/f1/visits');
    expect(server.calls[0].headers.Authorization).toBe('Bearer token-anna');
    expect(server.calls[0].body).toMatchObject({ command_id: command.command_id, expected_version: 3, visit: { minutes: 45 } });
    expect(await outbox.entries()).toEqual([]);
    expect(events).toContainEqual(
      expect.objectContaining({ type: 'acked', folder_id: 'f1', version: 4, position: 1001 }),
    );
  });

  it('is sent right after it is queued when the outbox drains on each new command', async () => {
    const server = new FakeServer({ f1: 3 });
    const { outbox } = outboxFor(server, { autoDrain: true });

    const command = visit('f1', 3);
    await outbox.enqueue(command);
    await outbox.whenIdle();

    expect(server.applied.has(command.command_id)).toBe(true);
    expect(await outbox.entries()).toEqual([]);
  });
});

describe('duplicate suppression', () => {
  it('keeps one entry when the same command_id is queued twice, and sends it once', async () => {
    const server = new FakeServer({ f1: 3 });
    const { outbox } = outboxFor(server);
    const command = visit('f1', 3);

    await outbox.enqueue(command);
    await outbox.enqueue({ ...command, body: { visit: { notes: 'double tap' } } });

    const entries = await outbox.entries();
    expect(entries.map((e) => e.command_id)).toEqual([command.command_id]);
    expect((entries[0].body.visit as { notes: string }).notes).toBe('rozmowa z rodziną');
    await outbox.drain();
    expect(server.sentIds()).toEqual([command.command_id]);
  });

  it('re-sends a command whose answer was lost with the same command_id, and the server applies it once', async () => {
    const server = new FakeServer({ f1: 3 });
    const { outbox } = outboxFor(server);
    const command = visit('f1', 3);
    server.loseNextResponse();

    await outbox.enqueue(command);
    await outbox.drain();
    expect(await statusOf(command.command_id)).toBe('pending');
    expect(server.applied.size).toBe(1); // it did reach the server

    await outbox.drain({ force: true });

    expect(server.sentIds()).toEqual([command.command_id, command.command_id]);
    expect(server.versions.get('f1')).toBe(4); // applied once, not twice
    expect(await outbox.entries()).toEqual([]);
  });
});

describe('retry with backoff', () => {
  beforeEach(() => {
    // only timers and the clock: IndexedDB (fake-indexeddb) keeps its real scheduling
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  });

  async function advance(ms: number, outbox: Outbox) {
    await vi.advanceTimersByTimeAsync(ms);
    await outbox.whenIdle();
  }

  it('waits 1 s, 2 s, 4 s between attempts while there is no answer, then sends', async () => {
    const server = new FakeServer({ f1: 3 });
    const { outbox } = outboxFor(server);
    server.down.add('*');
    const command = visit('f1', 3);

    await outbox.enqueue(command);
    await outbox.drain();
    expect(server.batches).toHaveLength(1);
    const entry = (await db.outbox.get(command.command_id)) as OutboxEntry;
    expect(entry.next_attempt_at - Date.now()).toBe(1000);
    expect(entry.last_error?.code).toBe('network.unreachable');

    await advance(999, outbox);
    expect(server.batches).toHaveLength(1);
    await advance(1, outbox);
    expect(server.batches).toHaveLength(2);

    await advance(1999, outbox);
    expect(server.batches).toHaveLength(2);
    await advance(1, outbox);
    expect(server.batches).toHaveLength(3);

    server.down.clear();
    await advance(3999, outbox);
    expect(server.batches).toHaveLength(3);
    await advance(1, outbox);
    expect(server.batches).toHaveLength(4);
    expect(new Set(server.sentIds())).toEqual(new Set([command.command_id]));
    expect(await outbox.entries()).toEqual([]);
  });

  it('never waits longer than 60 s between attempts', async () => {
    const server = new FakeServer({ f1: 3 });
    const { outbox } = outboxFor(server);
    server.down.add('*');
    const command = visit('f1', 3);
    await outbox.enqueue(command);

    for (let i = 0; i < 9; i++) await outbox.drain({ force: true });

    const entry = (await db.outbox.get(command.command_id)) as OutboxEntry;
    expect(entry.attempts).toBe(9);
    expect(entry.next_attempt_at - Date.now()).toBe(60_000); // 2^8 s would be 256 s
  });

  it('retries a 503 no sooner than its Retry-After', async () => {
    const server = new FakeServer({ f1: 3 });
    const { outbox } = outboxFor(server);
    server.failNext({ status: 503, code: 'store.unavailable', headers: { 'Retry-After': '30' } });
    const command = visit('f1', 3);

    await outbox.enqueue(command);
    await outbox.drain();
    const entry = (await db.outbox.get(command.command_id)) as OutboxEntry;
    expect(entry.status).toBe('pending');
    expect(entry.last_error?.code).toBe('store.unavailable');

    await advance(29_999, outbox);
    expect(server.calls).toHaveLength(1);
    await advance(1, outbox);
    expect(server.calls).toHaveLength(2);
    expect(await outbox.entries()).toEqual([]);
  });

  it('sends at once when the tablet comes back online, whatever the backoff', async () => {
    const server = new FakeServer({ f1: 3 });
    const online = new EventTarget();
    const { outbox } = outboxFor(server, { events: online });
    await outbox.start();
    server.down.add('*');
    for (let i = 0; i < 5; i++) await outbox.enqueue(visit('f1', 3)).then(() => outbox.drain({ force: true }));
    server.down.clear();
    const before = server.calls.length;

    online.dispatchEvent(new Event('online'));
    await outbox.whenIdle();

    expect(server.calls.length).toBeGreaterThan(before);
    expect(await outbox.entries()).toEqual([]);
    outbox.stop();
  });
});

describe('order', () => {
  it('sends in creation order', async () => {
    const server = new FakeServer({ A: 1, B: 1 });
    const { outbox } = outboxFor(server);
    const a1 = visit('A', 1);
    const b1 = visit('B', 1);
    const a2 = visit('A', 1);
    for (const c of [a1, b1, a2]) await outbox.enqueue(c);

    await outbox.drain();

    expect(server.sentIds()).toEqual([a1.command_id, b1.command_id, a2.command_id]);
  });

  it('holds a later command for a folder after the earlier one is refused, without holding other folders', async () => {
    const server = new FakeServer({ A: 1, B: 1 });
    const { outbox } = outboxFor(server);
    server.failNext({ status: 422, code: 'visit.invalid_minutes' });
    const a1 = visit('A', 1);
    const b1 = visit('B', 1);
    const a2 = visit('A', 1);
    for (const c of [a1, b1, a2]) await outbox.enqueue(c);

    await outbox.drain({ force: true });

    expect(server.batches).toEqual([[a1.command_id, b1.command_id, a2.command_id]]);
    expect(server.sentIds()).toEqual([a1.command_id, b1.command_id]); // a2 was held, not run
    expect(server.applied.has(b1.command_id)).toBe(true);
    expect(await statusOf(a1.command_id)).toBe('failed');
    const held = (await outbox.get(a2.command_id)) as OutboxEntry;
    expect(held.status).toBe('pending');
    expect(held.attempts).toBe(0); // a held command was not tried

    await outbox.discard(a1.command_id);
    await outbox.whenIdle();

    expect(server.sentIds().slice(-1)).toEqual([a2.command_id]);
    expect(server.versions.get('A')).toBe(2);
    expect(await outbox.entries()).toEqual([]);
  });
});

describe('batches', () => {
  it('sends everything due in one request, in creation order, chaining each folder on its own view', async () => {
    const server = new FakeServer({ A: 3, B: 7 });
    const { outbox } = outboxFor(server);
    const queued = [visit('A', 3), visit('B', 7), visit('A', 3), visit('B', 7), visit('A', 3)];
    for (const c of queued) await outbox.enqueue(c);

    await outbox.drain();

    expect(server.batches).toEqual([queued.map((c) => c.command_id)]);
    expect(server.calls.map((c) => c.chain)).toEqual([false, false, true, true, true]);
    expect(server.calls.map((c) => c.body.expected_version)).toEqual([3, 7, 4, 8, 5]);
    expect(server.versions.get('A')).toBe(6);
    expect(server.versions.get('B')).toBe(9);
    expect(await outbox.entries()).toEqual([]);
    expect((await db.acks.get(['anna', 'A']))?.version).toBe(6);
  });

  it('sends at most 200 commands per request; the rest go in the next one', async () => {
    const folders = Object.fromEntries(Array.from({ length: 25 }, (_, i) => [`f${i}`, 1]));
    const server = new FakeServer(folders);
    const { outbox } = outboxFor(server);
    for (let n = 0; n < 10; n++) {
      for (let i = 0; i < 25; i++) await outbox.enqueue(visit(`f${i}`, 1));
    }

    await outbox.drain();

    expect(server.batches.map((b) => b.length)).toEqual([200, 50]);
    expect([...server.versions.values()]).toEqual(Array(25).fill(11));
    expect(await outbox.entries()).toEqual([]);
  });

  it('keeps a batch under the body limit, cutting a folder only after its oldest commands', async () => {
    const server = new FakeServer({ A: 1, B: 1 });
    const { outbox } = outboxFor(server);
    for (const c of [visit('A', 1), visit('B', 1), visit('A', 1), visit('B', 1)]) await outbox.enqueue(c);
    const entries = await outbox.entries();
    const one = new TextEncoder().encode(JSON.stringify(syncBatch(entries)[0].command)).length;

    const batch = syncBatch(entries, { maxBytes: 2.5 * one });

    expect(batch.map((b) => b.entry.command_id)).toEqual(entries.slice(0, 2).map((e) => e.command_id));
    expect(syncBatch(entries, { maxCommands: 3 }).map((b) => b.command.chain)).toEqual([false, false, true]);
  });

  it('leaves out a folder whose oldest command waits for the person or for its backoff', async () => {
    const server = new FakeServer({ A: 1, B: 1, C: 1 });
    const { outbox } = outboxFor(server);
    for (const c of [visit('A', 1), visit('B', 1), visit('C', 1), visit('A', 1)]) await outbox.enqueue(c);
    const [a1, b1, c1, a2] = await outbox.entries();
    await db.outbox.update(a1.command_id, { status: 'conflict' });
    await db.outbox.update(b1.command_id, { next_attempt_at: Date.now() + 60_000 });

    const batch = syncBatch(await outbox.entries());

    expect(batch.map((b) => b.entry.command_id)).toEqual([c1.command_id]);
    expect(syncBatch(await outbox.entries(), { force: true }).map((b) => b.entry.command_id))
      .toEqual([b1.command_id, c1.command_id]);
    expect(a2.status).toBe('pending');
  });

  it('keeps what the server could not store (503) queued, behind its Retry-After, and sends it again', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const server = new FakeServer({ A: 1, B: 1 });
    const { outbox } = outboxFor(server);
    const [a1, b1, a2] = [visit('A', 1), visit('B', 1), visit('A', 1)];
    for (const c of [a1, b1, a2]) await outbox.enqueue(c);
    server.failNext({ status: 503, code: 'store.unavailable', headers: { 'Retry-After': '7' } });

    await outbox.drain();

    expect(server.sentIds()).toEqual([a1.command_id]); // nothing after the 503 was run
    for (const c of [a1, b1, a2]) {
      const entry = (await outbox.get(c.command_id)) as OutboxEntry;
      expect(entry.status).toBe('pending');
      expect(entry.last_error?.code).toBe('store.unavailable');
      expect(entry.next_attempt_at - Date.now()).toBeGreaterThanOrEqual(7_000);
    }

    await vi.advanceTimersByTimeAsync(7_000);
    await outbox.whenIdle();

    expect(server.batches).toHaveLength(2);
    expect(server.versions.get('A')).toBe(3);
    expect(server.versions.get('B')).toBe(2);
    expect(await outbox.entries()).toEqual([]);
  });
});

describe('chaining expected_version', () => {
  it('moves commands queued offline on the same version onto each new version as they succeed', async () => {
    const server = new FakeServer({ f1: 3 });
    const { outbox } = outboxFor(server);
    const commands = [visit('f1', 3), visit('f1', 3), visit('f1', 3)];
    for (const c of commands) await outbox.enqueue(c);

    await outbox.drain();

    expect(server.calls.map((c) => c.body.expected_version)).toEqual([3, 4, 5]);
    expect(server.versions.get('f1')).toBe(6);
    expect(await outbox.entries()).toEqual([]);
  });

  it('does not move a command that was queued on top of a different version', async () => {
    const server = new FakeServer({ f1: 3 });
    const { outbox } = outboxFor(server);
    const first = visit('f1', 3);
    const other = visit('f1', 10);
    await outbox.enqueue(first);
    await outbox.enqueue(other);

    await outbox.drain();

    expect(server.calls.map((c) => c.body.expected_version)).toEqual([3, 10]);
    expect(await statusOf(other.command_id)).toBe('conflict');
  });

  it('makes a new command expect the acknowledged version even if the screen still shows the old one', async () => {
    const server = new FakeServer({ f1: 3 });
    const { outbox } = outboxFor(server);
    await outbox.enqueue(visit('f1', 3));
    await outbox.drain();

    const next = await outbox.enqueue(visit('f1', 3));

    expect(next.body.expected_version).toBe(4);
    await outbox.drain();
    expect(server.versions.get('f1')).toBe(5);
  });
});

describe('a stale version (409 version.stale)', () => {
  async function conflicted() {
    const server = new FakeServer({ f1: 3 });
    server.bump('f1', 2); // a colleague changed the folder twice meanwhile: now 5
    const harness = outboxFor(server);
    const mine = visit('f1', 3, 'moja notatka');
    const later = visit('f1', 3, 'następna');
    await harness.outbox.enqueue(mine);
    await harness.outbox.enqueue(later);
    await harness.outbox.drain();
    return { server, ...harness, mine, later };
  }

  it('marks the command conflict, keeps the server version, and holds the later ones of that folder', async () => {
    const { server, outbox, events, mine, later } = await conflicted();

    const entry = (await outbox.get(mine.command_id)) as OutboxEntry;
    expect(entry.status).toBe('conflict');
    expect(entry.last_error?.code).toBe('version.stale');
    expect(entry.conflict_version).toBe(5);
    expect(events).toContainEqual({ type: 'conflict', command_id: mine.command_id, folder_id: 'f1' });
    expect(await statusOf(later.command_id)).toBe('pending');
    expect(server.sentIds()).toEqual([mine.command_id]);
  });

  it('"apply my change on top" sends the same content under a new command_id on the current version', async () => {
    const { server, outbox, mine, later } = await conflicted();

    const replacement = await outbox.applyOnTop(mine.command_id, 5);
    await outbox.whenIdle();

    expect(replacement.command_id).not.toBe(mine.command_id);
    const [, resent, next] = server.calls;
    expect(resent.body.command_id).toBe(replacement.command_id);
    expect(resent.body.expected_version).toBe(5);
    expect(resent.body.visit.notes).toBe('moja notatka');
    expect(next.body.command_id).toBe(later.command_id);
    expect(next.body.expected_version).toBe(6);
    expect(server.versions.get('f1')).toBe(7);
    expect(await outbox.entries()).toEqual([]);
  });

  it('"discard mine" drops the change and what depended on it, and sends the rest', async () => {
    const server = new FakeServer({ f1: 3 });
    server.bump('f1');
    const { outbox } = outboxFor(server);
    const schedule: NewCommand = {
      command_id: crypto.randomUUID(), folder_id: 'f1', path: '/api/folders/f1/interviews',
      kind: 'interview_scheduled', seen_version: 3, body: { interview_id: 'i1', trigger_date: '2025-03-04', urgent: false },
    };
    const conduct: NewCommand = {
      command_id: crypto.randomUUID(), folder_id: 'f1', path: '/api/folders/f1/interviews/i1/conducted',
      kind: 'interview_conducted', seen_version: 3, depends_on: schedule.command_id,
      body: { conducted_on: '2025-03-04', sections: { A: 'a', H: 'h', I: 'i', J: 'j' } },
    };
    const unrelated = visit('f1', 4);
    for (const c of [schedule, conduct, unrelated]) await outbox.enqueue(c);
    await outbox.drain();
    expect(await statusOf(schedule.command_id)).toBe('conflict');

    await outbox.discard(schedule.command_id);
    await outbox.whenIdle();

    expect(server.sentIds()).toEqual([schedule.command_id, unrelated.command_id]);
    expect(await outbox.entries()).toEqual([]);
  });
});

describe('a command the server refuses', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  });

  it('is marked failed with the server message on another 4xx, and never retried', async () => {
    const server = new FakeServer({ f1: 3 });
    const { outbox, events } = outboxFor(server);
    server.failNext({ status: 422, code: 'visit.minutes_invalid' });
    const command = visit('f1', 3);
    const after = visit('f1', 3);
    await outbox.enqueue(command);
    await outbox.enqueue(after);

    await outbox.drain();
    await vi.advanceTimersByTimeAsync(120_000);
    await outbox.drain();

    const entry = (await outbox.get(command.command_id)) as OutboxEntry;
    expect(entry.status).toBe('failed');
    expect(entry.last_error?.message.pl).toBe('Błąd: visit.minutes_invalid');
    expect(events).toContainEqual({ type: 'failed', command_id: command.command_id, folder_id: 'f1' });
    expect(server.calls).toHaveLength(1);
  });

  it('is failed, not a conflict, on a 409 about the domain (folder closed)', async () => {
    const server = new FakeServer({ f1: 3 });
    const { outbox } = outboxFor(server);
    server.failNext({ status: 409, code: 'folder.closed' });
    const command = visit('f1', 3);
    await outbox.enqueue(command);

    await outbox.drain();

    expect(await statusOf(command.command_id)).toBe('failed');
  });

  it('stays pending on 401 until the person signs in again', async () => {
    const server = new FakeServer({ f1: 3 });
    const { outbox, events } = outboxFor(server);
    server.failNextBatch({ status: 401, code: 'auth.token_expired' });
    const command = visit('f1', 3);
    await outbox.enqueue(command);

    await outbox.drain();
    await outbox.drain({ force: true });
    expect(await statusOf(command.command_id)).toBe('pending');
    expect(events).toContainEqual({ type: 'unauthorized' });
    expect(server.batches).toHaveLength(1);

    await outbox.resume();
    expect(server.batches).toEqual([[command.command_id], [command.command_id]]);
    expect(server.sentIds()).toEqual([command.command_id]);
    expect(await outbox.entries()).toEqual([]);
  });
});

describe('signing in again while a batch is on its way', () => {
  it('sends what waited, though the old batch then answers 401', async () => {
    const server = new FakeServer({ f1: 3 });
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => { release = resolve; });
    let first = true;
    // The first batch goes out with the expired token and is answered only after the person
    // has signed in again (resume), with a 401.
    const slowFetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
      if (first) {
        first = false;
        await held;
        return refusal(401, 'auth.token_expired');
      }
      return server.fetch(input, init);
    };
    const { outbox, events } = outboxFor(server, { fetch: slowFetch });
    const command = visit('f1', 3);
    await outbox.enqueue(command);

    const draining = outbox.drain();
    await new Promise((r) => setTimeout(r, 10)); // the batch is in flight
    const resumed = outbox.resume();
    release();
    await Promise.all([draining, resumed]);
    await outbox.whenIdle();

    expect(events).not.toContainEqual({ type: 'unauthorized' });
    expect(server.sentIds()).toEqual([command.command_id]);
    expect(await outbox.entries()).toEqual([]);
  });
});

describe('the tablet', () => {
  it('re-sends at start a command that was cut off mid-send, with the same command_id', async () => {
    const server = new FakeServer({ f1: 3 });
    const { outbox } = outboxFor(server);
    const command = visit('f1', 3);
    await outbox.enqueue(command);
    await db.outbox.update(command.command_id, { status: 'sending', attempts: 1 }); // app was killed

    await outbox.start();
    outbox.stop();

    expect(server.sentIds()).toEqual([command.command_id]);
    expect(await outbox.entries()).toEqual([]);
  });

  it('forgets one person\'s outbox and cached views at logout, and only theirs', async () => {
    const server = new FakeServer({ f1: 3 });
    const anna = outboxFor(server).outbox;
    const piotr = outboxFor(server, { user: 'piotr' }).outbox;
    await anna.enqueue(visit('f1', 3));
    await piotr.enqueue(visit('f1', 3));
    await db.views.put({ user: 'anna', key: 'caseload', data: [], fetched_at: '2025-03-04T10:00:00Z' });
    await db.views.put({ user: 'piotr', key: 'caseload', data: [], fetched_at: '2025-03-04T10:00:00Z' });

    await db.clearUser('anna');

    expect(await anna.entries()).toEqual([]);
    expect(await piotr.entries()).toHaveLength(1);
    expect(await db.views.get(['anna', 'caseload'])).toBeUndefined();
    expect(await db.views.get(['piotr', 'caseload'])).toBeDefined();
  });
});
