// Server-sent events over fetch. EventSource cannot send an Authorization header, so the
// coordinator's live queue reads `GET /api/handoff/stream` with fetch and a ReadableStream
// reader, parses the `id:`/`event:`/`data:` lines itself (the WHATWG rules) and reconnects
// after a drop with `Last-Event-ID`, so no order change is missed.
import { authHeaders, type FetchFn } from './api';

export interface SseEvent {
  /** The last `id:` seen (it carries over to later events, as in EventSource). */
  id: string | null;
  event: string;
  data: string;
}

/** Incremental parser: feed it text chunks as they arrive, get whole events back. */
export class SseParser {
  /** The id of the last event dispatched: what a reconnect sends as `Last-Event-ID`. */
  lastEventId: string | null = null;
  /** `id:` of the event being read; it only counts once that event is complete. */
  private idBuffer: string | null = null;
  /** `retry:` from the server (milliseconds), if it sent one. */
  retry: number | null = null;
  private buffer = '';
  private data: string[] = [];
  private eventType = '';
  private sawCr = false;

  push(chunk: string): SseEvent[] {
    const events: SseEvent[] = [];
    let text = chunk;
    // a CRLF split across chunks: the LF belongs to the CR already taken as a line end
    if (this.sawCr && text.startsWith('\n')) text = text.slice(1);
    this.sawCr = false;
    this.buffer += text;
    for (;;) {
      const match = /\r\n|\r|\n/.exec(this.buffer);
      if (!match) break;
      // a lone CR at the very end may be the first half of a CRLF
      if (match[0] === '\r' && match.index === this.buffer.length - 1) {
        this.sawCr = true;
      }
      const line = this.buffer.slice(0, match.index);
      this.buffer = this.buffer.slice(match.index + match[0].length);
      const event = this.line(line);
      if (event) events.push(event);
    }
    return events;
  }

  /** A dropped connection: a half-read event is thrown away (the spec's rule). */
  reset(): void {
    this.buffer = '';
    this.data = [];
    this.eventType = '';
    this.sawCr = false;
    this.idBuffer = this.lastEventId;
  }

  /** Resume after this id (e.g. the newest position already on screen). */
  resumeFrom(id: string | null): void {
    this.lastEventId = id;
    this.idBuffer = id;
  }

  private line(line: string): SseEvent | null {
    if (line === '') {
      this.lastEventId = this.idBuffer;
      if (this.data.length === 0) {
        this.eventType = '';
        return null;
      }
      const event = { id: this.lastEventId, event: this.eventType || 'message', data: this.data.join('\n') };
      this.data = [];
      this.eventType = '';
      return event;
    }
    if (line.startsWith(':')) return null; // a comment (keep-alive ping)
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') this.data.push(value);
    else if (field === 'event') this.eventType = value;
    else if (field === 'id' && !value.includes('\0')) this.idBuffer = value;
    else if (field === 'retry' && /^\d+$/.test(value)) this.retry = Number(value);
    return null;
  }
}

export interface SseOptions {
  url: string;
  getToken: () => string | null;
  onEvent: (event: SseEvent) => void;
  /** Connected (true) or dropped and waiting to reconnect (false). */
  onState?: (connected: boolean) => void;
  fetch?: FetchFn;
  /** Resume after this id (e.g. the queue's newest position). */
  lastEventId?: string | null;
  /** Wait before reconnecting when the server sent no `retry:`; grows up to 30 s. */
  retryMs?: number;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

const defaultSleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });

/**
 * Reads the stream until `stop()`; reconnects after every drop with the last id seen.
 * Returns the stop function and the parser (for its lastEventId).
 */
export function openSse(options: SseOptions): { stop: () => void; parser: SseParser; done: Promise<void> } {
  const controller = new AbortController();
  const parser = new SseParser();
  parser.resumeFrom(options.lastEventId ?? null);
  const fetchFn = options.fetch ?? ((...args) => globalThis.fetch(...args));
  const sleep = options.sleep ?? defaultSleep;
  const base = options.retryMs ?? 2000;

  async function once(): Promise<boolean> {
    const headers: Record<string, string> = { ...authHeaders(options.getToken()), Accept: 'text/event-stream' };
    if (parser.lastEventId) headers['Last-Event-ID'] = parser.lastEventId;
    const res = await fetchFn(options.url, { headers, cache: 'no-store', signal: controller.signal });
    if (!res.ok || !res.body) return res.status !== 401 && res.status !== 403;
    options.onState?.(true);
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      for (const event of parser.push(decoder.decode(value, { stream: true }))) options.onEvent(event);
    }
    return true;
  }

  const done = (async () => {
    let failures = 0;
    while (!controller.signal.aborted) {
      let again = true;
      try {
        again = await once();
        failures = 0;
      } catch {
        failures += 1;
      }
      parser.reset();
      if (controller.signal.aborted) break;
      options.onState?.(false);
      if (!again) break; // signed out or not allowed: reconnecting will not help
      const wait = parser.retry ?? base;
      await sleep(Math.min(30_000, wait * 2 ** Math.min(failures, 4)), controller.signal);
    }
  })();

  return { stop: () => controller.abort(), parser, done };
}
