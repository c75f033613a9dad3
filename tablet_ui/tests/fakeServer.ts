// The outside world of an outbox unit test: a stand-in for the Teczka API's command endpoints,
// reached through a mocked `fetch`. It keeps the contract's rules that the outbox relies on:
// a command_id already applied answers 200 duplicate; a wrong expected_version answers 409
// version.stale with details.current_version; otherwise the folder's version goes up by one.
import { vi } from 'vitest';

export interface Call {
  path: string;
  body: Record<string, any>;
  headers: Record<string, string>;
}

type Failure = { status: number; code: string; headers?: Record<string, string> } | 'network';

export class FakeServer {
  readonly calls: Call[] = [];
  /** command_id → the answer it got the first time. */
  readonly applied = new Map<string, { folder_id: string; version: number; position: number }>();
  readonly versions = new Map<string, number>();
  /** Folders (or '*') whose requests get no answer at all. */
  readonly down = new Set<string>();
  private position = 1000;
  private failures: Failure[] = [];
  private loseNext = 0;

  readonly fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const path = String(input);
    const body = JSON.parse(String(init?.body));
    this.calls.push({ path, body, headers: (init?.headers ?? {}) as Record<string, string> });
    const folder = path.split('/')[3];
    if (this.down.has('*') || this.down.has(folder)) throw new TypeError('Failed to fetch');
    const failure = this.failures.shift();
    if (failure === 'network') throw new TypeError('Failed to fetch');
    if (failure) return errorResponse(failure.status, failure.code, {}, failure.headers);
    const response = this.apply(folder, body);
    if (this.loseNext > 0 && response.status === 201) {
      this.loseNext -= 1;
      throw new TypeError('network connection was lost'); // applied, but the answer never came
    }
    return response;
  });

  constructor(folders: Record<string, number> = {}) {
    for (const [id, version] of Object.entries(folders)) this.versions.set(id, version);
  }

  failNext(...failures: Failure[]): void {
    this.failures.push(...failures);
  }

  /** The next successful command is applied but its answer is lost on the way back. */
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
      return errorResponse(409, 'version.stale', { current_version: current });
    }
    const result = { folder_id: folder, version: current + 1, position: ++this.position };
    this.versions.set(folder, result.version);
    this.applied.set(body.command_id, result);
    return json(201, { command_id: body.command_id, ...result, duplicate: false });
  }
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
  });
}

export function errorResponse(
  status: number,
  code: string,
  details: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Response {
  return json(
    status,
    { error: { code, message: { pl: `Błąd: ${code}`, en: `Error: ${code}` }, details } },
    headers,
  );
}
