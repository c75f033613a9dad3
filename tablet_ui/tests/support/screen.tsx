// The real app on a happy-dom page, and what a person does on it: sign in, type, tick, follow a
// link, wait for what the screens show. Used by every screen test (`*.test.tsx`), each with its
// own stand-in for the API behind the mocked `fetch`.
import { render } from 'preact';
import { afterAll, beforeAll, vi } from 'vitest';
import { App } from '../../src/ui/App';

export const root = () => document.getElementById('app')!;
export const byTestId = (id: string) => root().querySelector<HTMLElement>(`[data-testid="${id}"]`);
export const allByTestId = (id: string) => [...root().querySelectorAll<HTMLElement>(`[data-testid="${id}"]`)];

/**
 * Shows the app for the whole file, talking to `api` instead of the network; `hash` is the
 * address it opens at (the screen after signing in).
 */
export function showApp(api: typeof fetch, { hash }: { hash?: string } = {}): void {
  beforeAll(() => {
    vi.stubGlobal('fetch', api);
    document.body.innerHTML = '<div id="app"></div>';
    if (hash !== undefined) window.location.hash = hash;
    render(<App />, root());
  });
  afterAll(() => {
    render(null, root());
    vi.unstubAllGlobals();
  });
}

/** Signs in on the login screen (the stand-in decides who that is). */
export function signIn(username: string, password = 'sekret'): void {
  type('login-username', username);
  type('login-password', password);
  byTestId('login-submit')!.click();
}

// Polls a probe (which may be async, e.g. a Dexie count) for up to 10 s: the screens and the
// outbox work on their own timers, and a loaded machine is slow.
export async function waitFor<T>(
  probe: () => T | null | undefined | false | Promise<T | null | undefined | false>,
  what: string,
): Promise<T> {
  for (let i = 0; i < 1000; i++) {
    const found = await probe();
    if (found) return found;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`timed out waiting for ${what}; screen: ${root().textContent}`);
}

/** Types into a field and fires `event` (`input`, or `change` for a select or a date). */
export function type(testId: string, value: string, event = 'input'): void {
  const field = byTestId(testId) as HTMLInputElement;
  field.value = value;
  field.dispatchEvent(new Event(event, { bubbles: true }));
}

/** Clicks the checkbox or radio button `testId` with this value. */
export function tick(testId: string, value: string): void {
  (root().querySelector(`[data-testid="${testId}"][value="${value}"]`) as HTMLInputElement).click();
}

/** Follows an address inside the app, as a link does. */
export function go(hash: string): void {
  window.location.hash = hash;
  window.dispatchEvent(new HashChangeEvent('hashchange'));
}
