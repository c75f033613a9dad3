// One person, one open folder, offline: a command refused at sync because its person is in
// another open household (409 person.has_open_folder) is kept as a conflict, never dropped,
// and is sent again, with the same command_id, when the person says so.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { TeczkaDB } from '../src/db';
import { HAS_OPEN_FOLDER, Outbox, type NewCommand, type OutboxEvent } from '../src/outbox';
import { FakeServer } from './support/fakeServer';

let db: TeczkaDB;
beforeEach(() => {
  db = new TeczkaDB(`teczka-test-${crypto.randomUUID()}`);
});
afterEach(async () => {
  await db.delete();
});

function visit(folder: string, seen: number): NewCommand {
  return {
    command_id: crypto.randomUUID(), folder_id: folder, path: `/api/folders/${folder}/visits`,
    kind: 'visit_recorded', seen_version: seen,
    body: { visit: { visit_id: crypto.randomUUID(), visited_on: '2025-03-04', minutes: 45, activity: 'home_visit', place: 'dom', notes: 'x' } },
  };
}

it('keeps a duplicate found at sync as a conflict and sends the same command again', async () => {
  const server = new FakeServer({ f1: 3 });
  const events: OutboxEvent[] = [];
  const outbox = new Outbox({ db, user: 'anna', getToken: () => 't', fetch: server.fetch, random: () => 1, events: null, autoDrain: false });
  outbox.subscribe((e) => events.push(e));
  const command = visit('f1', 3);
  await outbox.enqueue(command);
  server.failNext({ status: 409, code: HAS_OPEN_FOLDER });

  await outbox.drain();

  const kept = await db.outbox.get(command.command_id);
  expect(kept?.status).toBe('conflict');
  expect(kept?.last_error?.code).toBe(HAS_OPEN_FOLDER);
  expect(events.map((e) => e.type)).toContain('conflict');

  await outbox.sendAgain(command.command_id);
  await outbox.drain();

  expect(server.calls.map((c) => c.body.command_id)).toEqual([command.command_id, command.command_id]);
  expect(await db.outbox.get(command.command_id)).toBeUndefined();
});
