import { describe, expect, it, vi } from 'vitest';
import { openSse, SseParser, type SseEvent } from '../src/sse';

describe('the SSE line parser', () => {
  it('reads id, event and data, and skips comments and the retry line', () => {
    const p = new SseParser();
    const events = p.push('retry: 2000\n\n: ping\n\nid: 7\nevent: order\ndata: {"a":1}\n\n');
    expect(events).toEqual([{ id: '7', event: 'order', data: '{"a":1}' }]);
    expect(p.retry).toBe(2000);
    expect(p.lastEventId).toBe('7');
  });

  it('joins events split mid-line and mid-field across chunks', () => {
    const p = new SseParser();
    const text = 'id: 12\nevent: order\ndata: {"order_id":"o1","status":"running"}\n\nid: 13\nevent: order\ndata: {"order_id":"o2"}\n\n';
    const got: SseEvent[] = [];
    // every split point, one character at a time
    for (const ch of text) got.push(...p.push(ch));
    expect(got.map((e) => [e.id, e.event, JSON.parse(e.data).order_id])).toEqual([
      ['12', 'order', 'o1'],
      ['13', 'order', 'o2'],
    ]);
  });

  it('handles CRLF even when CR and LF arrive in different chunks', () => {
    const p = new SseParser();
    const got = [...p.push('id: 1\r'), ...p.push('\ndata: x\r\n'), ...p.push('\r'), ...p.push('\n')];
    expect(got).toEqual([{ id: '1', event: 'message', data: 'x' }]);
  });

  it('joins multi-line data with newlines and keeps the id for later events', () => {
    const p = new SseParser();
    const got = p.push('id: 5\ndata: a\ndata: b\n\ndata:c\n\n');
    expect(got).toEqual([
      { id: '5', event: 'message', data: 'a\nb' },
      { id: '5', event: 'message', data: 'c' },
    ]);
  });

  it('drops a half-read event on reset (a dropped connection)', () => {
    const p = new SseParser();
    expect(p.push('id: 8\nevent: order\ndata: {}\n\n')).toHaveLength(1);
    expect(p.push('id: 9\nevent: order\ndata: {"half"')).toEqual([]);
    p.reset();
    expect(p.push('\n\n')).toEqual([]);
    // the id of an event never completed does not count: a reconnect asks for what follows 8
    expect(p.lastEventId).toBe('8');
  });
});

function streamOf(chunks: string[], thenFail = false): ReadableStream<Uint8Array> {
  const enc = new TextEncoder();
  let i = 0;
  return new ReadableStream({
    pull(controller) {
      if (i < chunks.length) controller.enqueue(enc.encode(chunks[i++]));
      else if (thenFail) controller.error(new TypeError('network lost'));
      else controller.close();
    },
  });
}

describe('openSse over fetch', () => {
  it('sends the token, and reconnects after a drop with Last-Event-ID of the last event', async () => {
    const calls: Record<string, string>[] = [];
    const seen: string[] = [];
    let sse: ReturnType<typeof openSse> | null = null;
    const fetch = vi.fn(async (_url: RequestInfo | URL, init?: RequestInit) => {
      calls.push({ ...(init?.headers as Record<string, string>) });
      if (calls.length === 1) {
        // the first connection delivers one event and half of the next, then drops
        return new Response(streamOf(['id: 41\nevent: order\nda', 'ta: {"n":1}\n\nid: 42\nevent: order\ndata: {"n"'], true), { status: 200 });
      }
      if (calls.length === 2) return new Response(streamOf(['id: 42\nevent: order\ndata: {"n":2}\n\n']), { status: 200 });
      sse?.stop();
      return new Response(streamOf([]), { status: 200 });
    });
    sse = openSse({
      url: '/api/handoff/stream',
      getToken: () => 'tok',
      fetch: fetch as unknown as typeof globalThis.fetch,
      lastEventId: '40',
      onEvent: (e) => seen.push(`${e.id}:${e.data}`),
      sleep: async () => undefined,
    });
    await sse.done;
    expect(calls[0]!.Authorization).toBe('Bearer tok');
    expect(calls[0]!['Last-Event-ID']).toBe('40');
    // the half-read event 42 was dropped and the reconnect asked for what follows 41
    expect(calls[1]!['Last-Event-ID']).toBe('41');
    expect(calls[2]!['Last-Event-ID']).toBe('42');
    expect(seen).toEqual(['41:{"n":1}', '42:{"n":2}']);
  });

  it('stops reconnecting when the server says the person may not read the stream', async () => {
    const fetch = vi.fn(async () => new Response('{}', { status: 403 }));
    const sse = openSse({ url: '/s', getToken: () => 't', fetch: fetch as unknown as typeof globalThis.fetch, onEvent: () => undefined, sleep: async () => undefined });
    await sse.done;
    expect(fetch).toHaveBeenCalledTimes(1);
  });
});
