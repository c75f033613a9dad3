// @vitest-environment happy-dom
// Issue #17's new forms on the real screens: each keeps a draft (IndexedDB) until it is sent or
// discarded, restored when the app is opened again, and cleared before its command is queued —
// the new folder (here a homeless person's: no fixed address), the application (never its
// signature), a member's change, a membership correction, a new member, income, the search.
import { render } from 'preact';
import { describe, expect, it, vi } from 'vitest';
import type { ClientView } from '../src/contract';
import { TeczkaDB } from '../src/db';
import { App } from '../src/ui/App';
import { json, refusal, signedIn } from './support/api';
import { byTestId, go, root, showApp, signIn, type, waitFor } from './support/screen';
import { answerSync } from './support/syncServer';

let position = 100;
const commands: { path: string; body: Record<string, any> }[] = [];
const searches: string[] = [];
const folder: ClientView = {
  folder_id: 'f1', version: 7, team_id: 'ZTPS-1', worker_id: 'u1', status: 'open',
  address: { street: 'Legnicka', building: '12', postal_code: '54-203', city: 'Wrocław', teryt: '0264011' },
  members: [
    { member_id: 'm1', first_name: 'Jan', last_name: 'Nowak', relation: 'head', joined_on: '2026-01-05' },
    { member_id: 'm2', first_name: 'Ewa', last_name: 'Nowak', relation: 'spouse', joined_on: '2026-01-05' },
    { member_id: 'm3', first_name: 'Ola', last_name: 'Nowak', relation: 'child', joined_on: '2026-01-05',
      left_on: '2026-10-01', end_kind: 'left', end_reason: 'internat' },
  ],
  timeline: [], interview: null,
};

const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
  const url = String(input);
  const method = init?.method ?? 'GET';
  if (url === '/api/auth/login') {
    return signedIn({ id: 'u1', username: 'anna', display_name: 'Anna Kowalska', role: 'social_worker', unit: 'ZTPS-1' });
  }
  if (url === '/api/sync') return answerSync(init, (path, one) => fetchMock(path, one));
  if (url.startsWith('/api/caseload')) return json(200, []);
  if (url.startsWith('/api/persons/city')) {
    searches.push(url);
    return json(200, []);
  }
  if (url.startsWith('/api/folders/f1') && method === 'GET') return json(200, folder);
  if (url.startsWith('/api/folders') && method === 'POST') {
    const body = JSON.parse(String(init!.body));
    commands.push({ path: url, body });
    return json(201, { command_id: body.command_id, folder_id: body.folder_id ?? 'f1', version: folder.version, position: ++position, duplicate: false });
  }
  return refusal(404, 'not_found');
});

showApp(fetchMock);

const db = new TeczkaDB();
const draftOf = async (prefix: string) => (await db.drafts.toArray()).find((d) => d.key.startsWith(prefix));
const value = (testId: string) => (byTestId(testId) as HTMLInputElement | null)?.value;

/** Waits until the draft holds `expected`, then closes the app and opens it again (signed in). */
async function reopen(prefix: string, expected: Record<string, unknown>): Promise<void> {
  await waitFor(async () => {
    const kept = (await draftOf(prefix))?.data as Record<string, unknown> | undefined;
    return kept && Object.entries(expected).every(([k, v]) => kept[k] === v);
  }, `the draft ${prefix}`);
  render(null, root());
  render(<App />, root());
}

const sentTo = (end: string) => waitFor(() => commands.find((c) => c.path.endsWith(end)), `a command to ${end}`);

describe('the new forms keep drafts', () => {
  it('a homeless person’s new folder: restored with its switch, sent without street or postal code', async () => {
    signIn('anna');
    await waitFor(() => byTestId('new-folder-button'), 'the caseload');
    go('#/folders/new?first_name=Marek&last_name=Wolny');
    await waitFor(() => byTestId('nf-no-fixed'), 'the new folder form');
    expect(byTestId('no-fixed-address-placeholder')).toBeNull();
    byTestId('nf-no-fixed')!.click();
    await waitFor(() => byTestId('nf-meeting_place'), 'the homeless fields');
    expect(byTestId('nf-street')).toBeNull();
    type('nf-pesel', '44051401458');
    type('nf-meeting_place', 'Noclegownia, ul. Bogedaina 5');

    await reopen('new-folder:', { no_fixed_address: true, meeting_place: 'Noclegownia, ul. Bogedaina 5' });
    await waitFor(() => value('nf-meeting_place') === 'Noclegownia, ul. Bogedaina 5', 'the draft restored');
    expect((byTestId('nf-no-fixed') as HTMLInputElement).checked).toBe(true);
    expect(value('nf-first_name')).toBe('Marek');
    expect(byTestId('draft-note')!.dataset.restored).toBe('true');

    type('nf-meeting_place', ' ');
    byTestId('new-folder-submit')!.click();
    await waitFor(() => root().querySelector('#nf-meeting_place-error'), 'the meeting place is required');
    type('nf-meeting_place', 'Dworzec Główny');
    byTestId('new-folder-submit')!.click();
    const sent = await sentTo('/api/folders');
    expect(sent.body.address).toEqual({ street: null, building: null, postal_code: null, city: 'Wrocław', teryt: '0264011',
      no_fixed_address: true, meeting_place: 'Dworzec Główny' });
    expect(sent.body.team_id).toBe('ZTPS-1');
    expect(await draftOf('new-folder:')).toBeUndefined();
  });

  it('the application: restored, but never the signature', async () => {
    go('#/folder/f1/application');
    await waitFor(() => byTestId('app-form'), 'the application form');
    type('app-form', 'purpose_allowance', 'change');
    type('app-case-reference', 'ZTPS1.5111.9.2026');
    await reopen('application:f1', { form: 'purpose_allowance', case_reference: 'ZTPS1.5111.9.2026' });
    await waitFor(() => value('app-case-reference') === 'ZTPS1.5111.9.2026', 'the draft restored');
    expect(value('app-form')).toBe('purpose_allowance');
    const kept = (await draftOf('application:f1'))!.data as Record<string, unknown>;
    expect(Object.keys(kept).sort()).toEqual(['applicant', 'case_reference', 'form', 'on', 'person_id']);
    // The household comes with the folder, which the reopened app loads after the draft: choose
    // the person only once the list has her (a select ignores a value it has no option for).
    await waitFor(() => root().querySelector('[data-testid="app-person"] option[value="m1"]'), 'the household in the list');
    type('app-person', 'm1', 'change');
    await waitFor(() => value('app-person') === 'm1', 'the person chosen');
    byTestId('application-submit')!.click();
    const sent = await sentTo('/proceedings');
    expect(sent.body).toMatchObject({ person_id: 'm1', form: 'purpose_allowance', case_reference: 'ZTPS1.5111.9.2026' });
    expect(await draftOf('application:')).toBeUndefined();
  });

  it('a member’s change: restored, cleared when sent', async () => {
    go('#/folder/f1/member/m2');
    await waitFor(() => byTestId('member-reason'), 'the member form');
    type('member-reason', 'Wyjazd za granicę');
    type('member-on', '2026-11-02');
    await reopen('member-change:f1:m2', { reason: 'Wyjazd za granicę', on: '2026-11-02' });
    await waitFor(() => value('member-reason') === 'Wyjazd za granicę', 'the draft restored');
    expect(value('member-on')).toBe('2026-11-02');
    byTestId('member-submit')!.click();
    const sent = await sentTo('/members/m2/departure');
    expect(sent.body).toMatchObject({ left_on: '2026-11-02', reason: 'Wyjazd za granicę' });
    expect(await draftOf('member-change:')).toBeUndefined();
  });

  it('a membership correction: only the date that changes is sent', async () => {
    go('#/folder/f1');
    const correct = await waitFor(() => root().querySelector<HTMLElement>('[data-member-id="m3"] [data-testid="member-correct-button"]'),
      'the correction link of a member who left');
    go(correct.getAttribute('href')!);
    await waitFor(() => byTestId('correct-ended-on'), 'the correction form');
    expect(byTestId('member-form')).toBeNull(); // she left: nothing else to change
    expect(value('correct-joined-on')).toBe('2026-01-05');
    expect(value('correct-ended-on')).toBe('2026-10-01');
    byTestId('correct-submit')!.click();
    await waitFor(() => byTestId('correct-error'), 'nothing to correct');
    type('correct-ended-on', '2025-12-01');
    byTestId('correct-submit')!.click();
    await waitFor(() => root().querySelector('#correct-ended_on-error'), 'left before she joined');
    type('correct-ended-on', '2026-09-15');
    await reopen('membership-correction:f1:m3', { ended_on: '2026-09-15' });
    await waitFor(() => value('correct-ended-on') === '2026-09-15', 'the draft restored');
    byTestId('correct-submit')!.click();
    const sent = await sentTo('/members/m3/membership-corrections');
    expect(sent.body.ended_on).toBe('2026-09-15');
    expect('joined_on' in sent.body).toBe(false);
    expect(await draftOf('membership-correction:')).toBeUndefined();
  });

  it('a new member: restored, joined on the day stated', async () => {
    go('#/folder/f1');
    go((await waitFor(() => byTestId('add-member-button'), 'the add member link')).getAttribute('href')!);
    await waitFor(() => byTestId('nm-first_name'), 'the new member form');
    type('nm-first_name', 'Kacper');
    type('nm-last_name', 'Nowak');
    type('nm-pesel', '15231501234');
    type('nm-relation', 'child', 'change');
    type('nm-joined_on', '2026-11-20');
    await reopen('new-member:f1', { first_name: 'Kacper', joined_on: '2026-11-20' });
    await waitFor(() => value('nm-first_name') === 'Kacper', 'the draft restored');
    expect(value('nm-relation')).toBe('child');
    byTestId('nm-submit')!.click();
    const sent = await sentTo('/api/folders/f1/members');
    expect(sent.body).toMatchObject({ joined_on: '2026-11-20',
      member: { first_name: 'Kacper', last_name: 'Nowak', pesel: '15231501234', relation: 'child', document: null } });
    expect(await draftOf('new-member:')).toBeUndefined();
  });

  it('income: restored; once sent the form shows the next member, and that is no draft', async () => {
    go('#/folder/f1');
    await waitFor(() => byTestId('income-amount'), 'the income form');
    type('income-amount', '1234,50');
    await reopen('income:f1', { net_income: '1234,50' });
    await waitFor(() => value('income-amount') === '1234,50', 'the draft restored');
    expect(byTestId('income-form')!.querySelector('[data-testid="draft-note"]')).not.toBeNull();
    byTestId('income-submit')!.click();
    const sent = await sentTo('/incomes');
    expect(sent.body.member_id).toBe('m1');
    await waitFor(() => value('income-member') === 'm2' && value('income-amount') === '', 'the next member');
    await waitFor(() => !byTestId('income-form')!.querySelector('[data-testid="draft-note"]'), 'no draft note');
    expect(await draftOf('income:')).toBeUndefined();
  });

  it('the search: restored until it is answered', async () => {
    go('#/search');
    await waitFor(() => byTestId('search-name'), 'the search form');
    type('search-name', 'Marek Wolny');
    await reopen('search:', { name: 'Marek Wolny' });
    await waitFor(() => value('search-name') === 'Marek Wolny', 'the draft restored');
    byTestId('search-submit')!.click();
    await waitFor(() => byTestId('search-none'), 'not found');
    expect(searches.at(-1)).toContain('name=Marek+Wolny');
    await waitFor(async () => (await draftOf('search:')) === undefined, 'the draft cleared');
    expect(value('search-name')).toBe('Marek Wolny');
  });
});
