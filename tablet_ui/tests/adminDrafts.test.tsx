// @vitest-environment happy-dom
// The administrator's new-account form keeps a draft like every form (issue #17 item 9): what
// was typed about the account survives leaving the app and coming back; its password never
// goes into the draft (nothing of a password is written to the tablet's storage).
import { render } from 'preact';
import { describe, expect, it, vi } from 'vitest';
import { TeczkaDB } from '../src/db';
import { App } from '../src/ui/App';
import { json, refusal, signedIn } from './support/api';
import { byTestId, root, showApp, signIn, type, waitFor } from './support/screen';

const fetchMock = vi.fn(async (input: RequestInfo | URL): Promise<Response> => {
  const url = String(input);
  if (url === '/api/auth/login') {
    return signedIn({ id: 'a1', username: 'admin', display_name: 'Adam Admin', role: 'admin', unit: 'IT' },
      { expires_in: 900, refresh_token: 'r', refresh_expires_in: 9000 });
  }
  if (url.startsWith('/api/admin/projections')) return json(200, { head: 0, projections: [], stalled: [] });
  if (url.startsWith('/api/admin/users')) return json(200, []);
  if (url.startsWith('/api/admin/user-requests')) return json(200, []);
  return refusal(404, 'not_found');
});

showApp(fetchMock);

describe('the administrator’s new account form', () => {
  it('keeps what was typed across leaving and coming back, but never the password', async () => {
    signIn('admin');
    await waitFor(() => byTestId('user-username'), 'the new account form');
    type('user-username', 'ewa.nowa');
    type('user-name-input', 'Ewa Nowa');
    type('user-password', 'tajne-haslo-123');

    // the app closed and opened again (the person still signed in)
    render(null, root());
    render(<App />, root());
    await waitFor(() => (byTestId('user-username') as HTMLInputElement | null)?.value === 'ewa.nowa', 'the draft restored');
    expect((byTestId('user-name-input') as HTMLInputElement).value).toBe('Ewa Nowa');
    expect((byTestId('user-password') as HTMLInputElement).value).toBe('');

    const drafts = await new TeczkaDB().drafts.toArray();
    expect(drafts).toHaveLength(1);
    expect(JSON.stringify(drafts)).not.toContain('tajne-haslo-123');
    expect(Object.keys(drafts[0]!.data as object)).not.toContain('password');
  });
});
