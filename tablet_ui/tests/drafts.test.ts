// Outbox notice states and drafts, below the screens (the screens: tests/app.test.tsx).
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { TeczkaDB, type OutboxEntry, type OutboxStatus } from '../src/db';
import { draftKey, Drafts } from '../src/drafts';
import { outboxNoticeState, SENT_SHOWN_MS } from '../src/ui/OutboxNotice';

const entry = (status: OutboxStatus): OutboxEntry => ({
  command_id: `c-${status}`, user: 'u1', folder_id: 'f1', method: 'POST', path: '/api/folders/f1/visits',
  body: { command_id: `c-${status}` }, created_at: '2025-05-05T10:00:00Z', seq: 1, attempts: 0,
  next_attempt_at: 0, status, last_error: null, kind: 'visit_recorded',
});

describe('the outbox notice', () => {
  const now = 1_000_000;

  it('is not there when nothing waits and nothing was just sent', () => {
    expect(outboxNoticeState([], null, now)).toBeNull();
  });

  it('says "waiting" while a change is pending or being sent', () => {
    expect(outboxNoticeState([entry('pending')], null, now)).toBe('waiting');
    expect(outboxNoticeState([entry('sending')], now - 10, now)).toBe('waiting');
  });

  it('says "sent" for a moment after the last change went through, then disappears', () => {
    expect(outboxNoticeState([], now - 10, now)).toBe('sent');
    expect(outboxNoticeState([], now - SENT_SHOWN_MS, now)).toBeNull();
  });

  it('says "failed" when the server did not take a change, before anything else', () => {
    expect(outboxNoticeState([entry('pending'), entry('failed')], null, now)).toBe('failed');
    expect(outboxNoticeState([entry('conflict')], now, now)).toBe('failed');
  });
});

describe('drafts', () => {
  it('are kept per person and per form, until cleared or the person signs out', async () => {
    const db = new TeczkaDB('drafts-test');
    const anna = new Drafts(db, 'u1');
    const ewa = new Drafts(db, 'u2');
    const key = draftKey('interview', 'f1');
    await anna.save(key, { sections: { A: 'tekst' } });
    await ewa.save(key, { sections: { A: 'inny' } });

    expect(await anna.load(key)).toEqual({ sections: { A: 'tekst' } });
    expect(await anna.load(draftKey('visit', 'f1'))).toBeUndefined();

    await anna.clear(key);
    expect(await anna.load(key)).toBeUndefined();
    expect(await ewa.load(key)).toEqual({ sections: { A: 'inny' } });

    await db.clearUser('u2');
    expect(await ewa.load(key)).toBeUndefined();
    db.close();
  });
});
