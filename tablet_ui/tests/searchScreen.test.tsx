// @vitest-environment happy-dom
// The social worker's city-wide search on the real screens: her team's person opens the
// folder; another team's shows only "ma teczkę w zespole X (nr …)"; nothing found offers a new
// folder with the PESEL and name filled in; and a visit refused at sync as a duplicate is
// resolved on the conflict screen without being lost.
import { describe, expect, it, vi } from 'vitest';
import type { CityHit } from '../src/contract';
import { TeczkaDB } from '../src/db';
import { json, refusal, signedIn } from './support/api';
import { byTestId, go, showApp, signIn, type, waitFor } from './support/screen';
import { answerSync } from './support/syncServer';

const OWN: CityHit = {
  team_id: 'ZTPS-3', folder_id: 'f1', own_team: true, folder_open: true, match: 'details', warning: true,
  person: { member_id: 'm1', first_name: 'Łucja', last_name: 'Żółć', pesel: null, birth_date: '1983-11-02', address: 'Legnicka 12/3, Wrocław' },
};
const OTHER: CityHit = {
  team_id: 'ZTPS-7', folder_id: 'f9', own_team: false, folder_open: true, match: 'pesel', warning: false, person: null,
};

const searches: string[] = [];
let refuseVisits = true;
let visitsSent = 0;
const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
  const url = String(input);
  if (url === '/api/auth/login') {
    return signedIn({ id: 'u1', username: 'anna', display_name: 'Anna Kowalska', role: 'social_worker', unit: 'ZTPS-3' });
  }
  if (url === '/api/sync') return answerSync(init, (path, inner) => fetch(path, inner));
  if (url.startsWith('/api/caseload')) return json(200, []);
  if (url.startsWith('/api/persons/city')) {
    searches.push(url);
    const query = new URL(url, 'http://x').searchParams;
    if (query.get('pesel') === '44051401458') return json(200, [OTHER]);
    if (query.get('name')) return json(200, [OWN]);
    return json(200, []);
  }
  if (url.endsWith('/visits')) {
    visitsSent += 1;
    if (refuseVisits) return refusal(409, 'person.has_open_folder', { team_id: 'ZTPS-7', folder_id: 'f9' });
    const body = JSON.parse(String(init?.body));
    return json(201, { command_id: body.command_id, folder_id: 'f1', version: 4, position: 900, duplicate: false });
  }
  return refusal(404, 'request.not_found');
});

showApp(fetch);

describe('the city-wide search', () => {
  it('is one tap from the caseload', async () => {
    signIn('anna');
    const link = await waitFor(() => byTestId('open-search'), 'search link');
    expect(link.getAttribute('href')).toBe('#/search');
  });

  it('shows another team\'s person only as the team and the folder number', async () => {
    go('#/search');
    await waitFor(() => byTestId('search-form'), 'search form');
    type('search-pesel', '44051401458');
    byTestId('search-submit')!.click();
    const other = await waitFor(() => byTestId('search-hit-other'), 'other team hit');
    expect(other.textContent).toContain('Ma teczkę w zespole ZTPS-7 (nr f9)');
    expect(searches.at(-1)).toBe('/api/persons/city?purpose=duplicate_check&pesel=44051401458');
    expect(byTestId('search-new-folder')).toBeNull(); // the PESEL has a folder: no second one
  });

  it('opens her own team\'s folder and warns of a match without PESEL', async () => {
    type('search-pesel', '');
    type('search-name', 'lucja zolc');
    byTestId('search-submit')!.click();
    const own = await waitFor(() => byTestId('search-hit-own'), 'own team hit');
    expect(own.querySelector('a')!.getAttribute('href')).toBe('#/folder/f1');
    expect(own.textContent).toContain('Łucja Żółć');
    expect(byTestId('search-warning')!.textContent).toContain('Bez numeru PESEL');
  });

  it('finds nobody and offers a new folder with what was searched for', async () => {
    type('search-name', 'Jan Nikt');
    type('search-pesel', '04231115629');
    fetch.mockImplementationOnce(async () => json(200, []));
    byTestId('search-submit')!.click();
    await waitFor(() => byTestId('search-none'), 'not found');
    expect(byTestId('search-none')!.textContent).toBe('Nie znaleziono.');
    expect(byTestId('search-new-folder')!.getAttribute('href')).toBe('#/folders/new?pesel=04231115629&first_name=Jan&last_name=Nikt');
  });

  it('refuses to search with nothing to search for', async () => {
    type('search-name', '');
    type('search-pesel', '');
    const before = searches.length;
    byTestId('search-submit')!.click();
    await waitFor(() => byTestId('search-error'), 'error');
    expect(byTestId('search-error')!.textContent).toContain('Podaj PESEL');
    expect(searches.length).toBe(before);
  });
});

describe('a duplicate found at sync', () => {
  it('waits on the conflict screen, naming only the team and folder, and is sent again', async () => {
    const db = new TeczkaDB();
    const id = crypto.randomUUID();
    await db.outbox.add({
      command_id: id, user: 'u1', folder_id: 'f1', method: 'POST', path: '/api/folders/f1/visits',
      body: { command_id: id, expected_version: 3, visit: { visit_id: 'v1', visited_on: '2025-03-04', minutes: 30, activity: 'home_visit', place: 'dom', notes: 'pierwsza rozmowa' } },
      created_at: new Date().toISOString(), seq: 1, attempts: 1, next_attempt_at: 0, status: 'conflict', kind: 'visit_recorded',
      last_error: { code: 'person.has_open_folder', message: { pl: 'x', en: 'x' }, details: { team_id: 'ZTPS-7', folder_id: 'f9' } },
    });
    go(`#/conflict/${id}`);
    const where = await waitFor(() => byTestId('duplicate-where'), 'duplicate panel');
    expect(where.textContent).toContain('w zespole ZTPS-7 (nr f9)');
    expect(where.textContent).toContain('Nic nie zostało utracone');
    expect(byTestId('conflict-mine')!.textContent).toContain('pierwsza rozmowa');

    refuseVisits = false;
    byTestId('duplicate-send-again')!.click();
    await waitFor(async () => (await db.outbox.get(id)) === undefined, 'the change sent and acknowledged');
    expect(visitsSent).toBe(1);
    db.close();
  });
});
