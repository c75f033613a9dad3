// The outside world of an outbox unit test: a stand-in for the Teczka API's command endpoints,
// reached through a mocked `fetch`. The outbox sends batches to POST /api/sync; the stand-in
// runs each command as its own route would (syncServer.ts) and keeps the contract's rules that
// the outbox relies on: a command_id already applied answers 200 duplicate; a wrong
// expected_version answers 409 version.stale with details.current_version; otherwise the
// folder's version goes up by one.
import { vi } from 'vitest';
import { json, refusal } from './api';
import { aggregateOf, answerSync } from './syncServer';

export interface Call {
  path: string;
  /** The body as the command ran (after `chain` set its expected_version). */
  body: Record<string, any>;
  headers: Record<string, string>;
  chain: boolean;
}

type Failure = { status: number; code: string; headers?: Record<string, string> } | 'network';

export class FakeServer {
  /** Every command the server ran, in the order it ran them. */
  readonly calls: Call[] = [];
  /** Every batch that reached the server: its command ids in the order sent. */
  readonly batches: string[][] = [];
  /** command_id → the answer it got the first time. */
  readonly applied = new Map<string, { folder_id: string; version: number; position: number }>();
  readonly versions = new Map<string, number>();
  /** Folders (or '*') whose batches get no answer at all. */
  readonly down = new Set<string>();
  private position = 1000;
  /** Answers for the next commands run (one each), then for the next batches as a whole. */
  private failures: Failure[] = [];
  private batchFailures: Failure[] = [];
  private loseNext = 0;

  readonly fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const path = String(input);
    if (path !== '/api/sync') return refusal(404, 'request.not_found');
    const commands = JSON.parse(String(init?.body)).commands as { command_id: string; path: string; chain: boolean }[];
    this.batches.push(commands.map((c) => c.command_id));
    const headers = (init?.headers ?? {}) as Record<string, string>;
    if (this.down.has('*') || commands.some((c) => this.down.has(aggregateOf(c.path)))) {
      throw new TypeError('Failed to fetch');
    }
    const whole = this.batchFailures.shift();
    if (whole === 'network') throw new TypeError('Failed to fetch');
    if (whole) return refusal(whole.status, whole.code, {}, whole.headers);
    const chains = new Map(commands.map((c) => [c.command_id, c.chain]));
    let appliedNow = 0;
    const answer = await answerSync(init, async (commandPath, commandInit) => {
      const body = JSON.parse(String(commandInit.body));
      this.calls.push({ path: commandPath, body, headers, chain: chains.get(body.command_id) ?? false });
      const failure = this.failures.shift();
      if (failure === 'network') throw new TypeError('Failed to fetch');
      if (failure) return refusal(failure.status, failure.code, {}, failure.headers);
      const response = this.apply(aggregateOf(commandPath), body);
      if (response.status === 201) appliedNow += 1;
      return response;
    });
    if (this.loseNext > 0 && appliedNow > 0) {
      this.loseNext -= 1;
      throw new TypeError('network connection was lost'); // applied, but the answer never came
    }
    return answer;
  });

  constructor(folders: Record<string, number> = {}) {
    for (const [id, version] of Object.entries(folders)) this.versions.set(id, version);
  }

  /** The next commands run get these answers, one each, instead of being applied. */
  failNext(...failures: Failure[]): void {
    this.failures.push(...failures);
  }

  /** The next batches get these answers as a whole (e.g. 401: the token expired). */
  failNextBatch(...failures: Failure[]): void {
    this.batchFailures.push(...failures);
  }

  /** The next batch that applies a command is run, but its answer is lost on the way back. */
  loseNextResponse(): void {
    this.loseNext += 1;
  }

  /** Someone else changed the folder on the server. */
  bump(folder: string, by = 1): void {
    this.versions.set(folder, (this.versions.get(folder) ?? 0) + by);
  }

  sentIds(): string[] {
    return this.calls.map((c) => c.body.command_id);
  }

  private apply(folder: string, body: Record<string, any>): Response {
    const previous = this.applied.get(body.command_id);
    if (previous) return json(200, { command_id: body.command_id, ...previous, duplicate: true });
    const current = this.versions.get(folder) ?? 0;
    if (body.expected_version !== current) {
      return refusal(409, 'version.stale', { current_version: current });
    }
    const result = { folder_id: folder, version: current + 1, position: ++this.position };
    this.versions.set(folder, result.version);
    this.applied.set(body.command_id, result);
    return json(201, { command_id: body.command_id, ...result, duplicate: false });
  }
}
