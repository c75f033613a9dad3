// @vitest-environment happy-dom
// A social worker signs a social contract and closes it on the client view's "Kontrakt socjalny"
// screen, without signal: both wait in the outbox, go in order when the signal returns (the sign
// creates the contract, the close expects its version 1), and the folder is read again so the
// server's timeline shows them with their Polish (and English) names.
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { ClientView } from '../src/contract';
import { setLang } from '../src/i18n';
import { json, refusal, signedIn } from './support/api';
import { allByTestId, byTestId, go, root, showApp, signIn, type, waitFor } from './support/screen';
import { answerSync } from './support/syncServer';

let offline = false;
let position = 700;
const commands: { path: string; body: Record<string, any> }[] = [];
const contracts = new Map<string, { version: number; signed_on: string }>();
const folder: ClientView = {
  folder_id: 'f1', version: 4, team_id: 'ZTPS-1', worker_id: 'u1', status: 'open',
  address: { street: 'ul. Piękna', building: '12', postal_code: '50-001', city: 'Wrocław', teryt: '0264069' },
  members: [
    { member_id: 'm1', first_name: 'Jan', last_name: 'Nowak', relation: 'head' },
    { member_id: 'm2', first_name: 'Ewa', last_name: 'Nowak', relation: 'spouse' },
  ],
  timeline: [], interview: null,
};

const entry = (kind: string, on_date: string, details: Record<string, unknown>) =>
  ({ version: folder.version, kind, on_date, details, actor_id: 'u1', recorded_at: null });

const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
  const url = String(input);
  const method = init?.method ?? 'GET';
  if (offline) throw new TypeError('Failed to fetch');
  if (url === '/api/auth/login') {
    return signedIn({ id: 'u1', username: 'anna', display_name: 'Anna Kowalska', role: 'social_worker', unit: 'ZTPS-1' });
  }
  if (url === '/api/sync') return answerSync(init, (path, one) => fetchMock(path, one));
  if (url.startsWith('/api/caseload')) return json(200, []);
  if (url.startsWith('/api/folders/f1') && method === 'GET') return json(200, folder);
  if (url === '/api/folders/f1/social-contracts' && method === 'POST') {
    const body = JSON.parse(String(init!.body));
    commands.push({ path: url, body });
    if ('expected_version' in body) return refusal(422, 'request.invalid'); // extra fields are forbidden
    contracts.set(body.contract_id, { version: 1, signed_on: body.signed_on });
    folder.timeline = [entry('social_contract_signed', body.signed_on,
      { contract_id: body.contract_id, member_id: body.member_id, ends_on: body.ends_on, goals: body.goals }), ...folder.timeline];
    return json(201, { command_id: body.command_id, folder_id: null, aggregate_id: body.contract_id, version: 1, position: ++position, duplicate: false });
  }
  const close = /^\/api\/social-contracts\/([^/]+)\/closure$/.exec(url);
  if (close && method === 'POST') {
    const body = JSON.parse(String(init!.body));
    commands.push({ path: url, body });
    const contract = contracts.get(close[1]!);
    if (!contract) return refusal(404, 'social_contract.not_found');
    if (body.expected_version !== contract.version) return refusal(409, 'version.stale', { current_version: contract.version });
    contract.version = 2;
    folder.timeline = [entry('social_contract_closed', body.closed_on, { contract_id: close[1], outcome: body.outcome }), ...folder.timeline];
    return json(201, { command_id: body.command_id, folder_id: null, aggregate_id: close[1], version: 2, position: ++position, duplicate: false });
  }
  return refusal(404, 'not_found');
});

const timelineText = () => allByTestId('timeline-item').map((li) => li.textContent ?? '');

afterAll(() => setLang('pl'));

showApp(fetchMock, { hash: '#/' });

describe('a social contract on the client view', () => {
  it('opens the form from the client view; nothing is queued without a person, an end and goals', async () => {
    signIn('anna');
    await waitFor(() => byTestId('caseload-list') || byTestId('user-name'), 'signed in');
    go('#/folder/f1');
    (await waitFor(() => byTestId('social-contract-button'), 'the contract button')).click();
    await waitFor(() => byTestId('contract-sign-form'), 'the sign form');
    expect(root().textContent).toContain('W tej teczce nie ma kontraktów.');
    byTestId('contract-sign-submit')!.click();
    await waitFor(() => byTestId('contract-member')?.getAttribute('aria-invalid') === 'true', 'the errors');
    expect(byTestId('contract-ends-on')!.getAttribute('aria-invalid')).toBe('true');
    expect(byTestId('contract-goals')!.getAttribute('aria-invalid')).toBe('true');
    expect(root().textContent).toContain('Wybierz osobę z gospodarstwa domowego.');
    expect(commands).toHaveLength(0);
  });

  it('signs one without signal: the client view shows it waiting, with the person and the goals', async () => {
    offline = true;
    window.dispatchEvent(new Event('offline'));
    type('contract-member', 'm2', 'change');
    type('contract-ends-on', '2027-05-31');
    type('contract-goals', 'Rejestracja w PUP, udział w terapii; ośrodek pomoże w dokumentach.');
    byTestId('contract-sign-submit')!.click();
    await waitFor(() => byTestId('folder-view'), 'back on the client view');
    const line = await waitFor(() => timelineText().find((text) => text.includes('Zawarcie kontraktu socjalnego')), 'the pending line');
    expect(line).toContain('z: Ewa Nowak');
    expect(line).toContain('Rejestracja w PUP');
    expect(line).toContain('oczekuje na wysłanie');
  });

  it('closes it, still without signal; both go in order when the signal returns', async () => {
    go('#/folder/f1/contract');
    const item = await waitFor(() => byTestId('contract-item'), 'the queued contract');
    expect(item.dataset.state).toBe('open');
    expect(item.dataset.queued).toBe('true');
    byTestId('contract-close-open')!.click();
    await waitFor(() => byTestId('contract-close-form'), 'the close form');
    byTestId('contract-close-submit')!.click();
    await waitFor(() => root().textContent?.includes('Wybierz wynik kontraktu.'), 'the outcome asked for');
    (root().querySelector('[data-testid="contract-outcome"][value="partly_achieved"]') as HTMLInputElement).click();
    byTestId('contract-close-submit')!.click();
    await waitFor(() => byTestId('contract-state')?.textContent === 'zakończenie czeka na wysłanie', 'the close queued');
    expect(commands).toHaveLength(0);

    go('#/folder/f1');
    await waitFor(() => allByTestId('pending-badge').length === 2, 'two waiting in the timeline');
    offline = false;
    window.dispatchEvent(new Event('online'));
    await waitFor(() => commands.length === 2 && allByTestId('pending-badge').length === 0, 'both sent');
    const [sign, closing] = commands;
    expect(sign).toMatchObject({ path: '/api/folders/f1/social-contracts', body: { member_id: 'm2', ends_on: '2027-05-31' } });
    expect(closing).toMatchObject({ path: `/api/social-contracts/${sign!.body.contract_id}/closure`,
      body: { expected_version: 1, outcome: 'partly_achieved' } });
    // read again from the server: its timeline has both, newest first
    const lines = await waitFor(() => timelineText().length === 2 && timelineText(), 'the server’s timeline');
    expect(lines[0]).toContain('Zakończenie kontraktu socjalnego');
    expect(lines[0]).toContain('cele osiągnięte częściowo');
    expect(lines[1]).toContain('Zawarcie kontraktu socjalnego');
  });

  it('says the same in English', async () => {
    byTestId('lang-switch')!.click();
    await waitFor(() => timelineText()[0]?.includes('Social contract closed'), 'English');
    expect(timelineText()[0]).toContain('goals partly achieved');
    expect(timelineText()[1]).toContain('Social contract signed');
    byTestId('lang-switch')!.click();
  });
});
