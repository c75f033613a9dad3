// The first screen's read asked ahead (App.tsx): the screen's own GET takes that answer, so
// the server is asked once; an answer that is not OK is dropped and the screen asks as usual.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiClient, readAhead } from '../src/api';

const ok = (body: unknown) => new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } });

describe('the first read asked ahead', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('is taken by the screen’s GET of the same path: one request, with the session’s token', async () => {
    const seen: string[] = [];
    vi.stubGlobal('fetch', vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
      seen.push(`${String(input)} ${new Headers(init?.headers).get('Authorization')}`);
      return ok([{ folder_id: 'f1' }]);
    }));
    readAhead('/api/caseload', 't1');
    const api = new ApiClient(() => 't1');
    expect(await api.request('GET', '/api/caseload')).toEqual([{ folder_id: 'f1' }]);
    expect(await api.request('GET', '/api/caseload')).toEqual([{ folder_id: 'f1' }]); // asked anew
    expect(seen).toEqual(['/api/caseload Bearer t1', '/api/caseload Bearer t1']);
  });

  it('when refused, is dropped and asked again through the client (which refreshes the token)', async () => {
    const answers = [new Response('{}', { status: 401 }), ok({ folder_id: 'f2' })];
    const global = vi.fn(async () => answers.shift()!);
    vi.stubGlobal('fetch', global);
    readAhead('/api/folders/f2', 'old');
    const own = vi.fn(async () => ok({ folder_id: 'f2', fresh: true }));
    const api = new ApiClient(() => 'new', own);
    expect(await api.request('GET', '/api/folders/f2')).toEqual({ folder_id: 'f2', fresh: true });
    expect(own).toHaveBeenCalledTimes(1);
    expect(global).toHaveBeenCalledTimes(1);
  });
});
