// The server's side of POST /api/sync for the stand-ins of the API in these tests, kept to the
// contract (docs/api-contract.md, "Offline sync"): each queued command runs in order through
// the stand-in's own per-route handler; once one of a folder's commands is not applied, its
// later ones are held (424); `chain` takes the version the folder's previous command answered;
// a 5xx stops the batch and every later command answers `unavailable`.

type RunOne = (path: string, init: RequestInit) => Promise<Response>;

interface Queued {
  command_id: string;
  path: string;
  body: Record<string, any>;
  chain?: boolean;
}

export interface SyncResult {
  command_id: string;
  outcome: 'applied' | 'refused' | 'held' | 'unavailable';
  status: number;
  body: Record<string, any>;
  retry_after_s: number | null;
}

/** The aggregate a command is on: the id after folders/, proceedings/ or orders/ in its path. */
export function aggregateOf(path: string, body: Record<string, any> = {}): string {
  const parts = path.split('/');
  const at = parts.findIndex((p) => ['folders', 'proceedings', 'orders'].includes(p));
  return (at >= 0 && parts[at + 1]) || String(body.folder_id ?? path);
}

export async function answerSync(init: RequestInit | undefined, runOne: RunOne): Promise<Response> {
  const { commands } = JSON.parse(String(init?.body)) as { commands: Queued[] };
  const results: SyncResult[] = [];
  const failed = new Map<string, string>();
  const versions = new Map<string, number>();
  let stopped: SyncResult | null = null;
  for (const command of commands) {
    const id = command.command_id;
    if (stopped) {
      results.push({ ...stopped, command_id: id });
      continue;
    }
    const key = aggregateOf(command.path, command.body);
    if (failed.has(key)) {
      results.push({ command_id: id, outcome: 'held', status: 424, retry_after_s: null,
        body: { error: { code: 'sync.held', message: { pl: 'Wstrzymane', en: 'Held' }, details: { after: failed.get(key) } } } });
      continue;
    }
    const body = command.chain && versions.has(key) ? { ...command.body, expected_version: versions.get(key) } : command.body;
    const res = await runOne(command.path, { method: 'POST', headers: init?.headers, body: JSON.stringify(body) });
    const answer = await res.json().catch(() => ({}));
    if (res.ok) {
      results.push({ command_id: id, outcome: 'applied', status: res.status, body: answer, retry_after_s: null });
      versions.set(key, answer.version);
    } else if (res.status >= 500) {
      const retryAfter = Number(res.headers.get('Retry-After'));
      stopped = { command_id: id, outcome: 'unavailable', status: res.status, body: answer,
        retry_after_s: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null };
      results.push(stopped);
    } else {
      results.push({ command_id: id, outcome: 'refused', status: res.status, body: answer, retry_after_s: null });
      failed.set(key, id);
    }
  }
  const count = (outcome: SyncResult['outcome']) => results.filter((r) => r.outcome === outcome).length;
  return new Response(
    JSON.stringify({ results, applied: count('applied'), refused: count('refused'), held: count('held'), unavailable: count('unavailable') }),
    { status: 200, headers: { 'Content-Type': 'application/json' } },
  );
}
