// @vitest-environment happy-dom
// The coordinator's order screen (a lazily loaded chunk) against a stand-in for the API: a
// caregiver is assigned by picking a name from the provider's list, not by typing an id.
import { describe, expect, it, vi } from 'vitest';
import type { Order } from '../src/contract';
import { json, refusal, signedIn } from './support/api';
import { byTestId, go, root, showApp, signIn, type, waitFor } from './support/screen';
import { answerSync } from './support/syncServer';

const ZOFIA = '7d1c3c8e-1111-4a1b-9c1d-000000000001';
const IRENA = '7d1c3c8e-2222-4a1b-9c1d-000000000002';
let order: Order = {
  order_id: 'o1', version: 3, position: 40, provider_id: 'MCUS', status: 'accepted', changed: false,
  folder_id: 'f1', person_id: 'p1', case_reference: 'ZTPS1.8210.7.2026', form: 'care_services',
  terms: { tasks: ['meals'], hours_per_day: '2.00', hours_per_week: '10.00', weekdays: [1, 2, 3, 4, 5],
    period_from: '2026-01-01', period_to: '2026-03-31', place: 'miejsce zamieszkania', hourly_cost: '40.00', fee_share_percent: '0.00' },
  client_name: 'Halina Kowalczyk', address_line: 'Legnicka 12/3', contact_phone: null, access_notes: '', household_summary: '',
  health_notes: '', family_notes: '', social_worker_id: null, social_worker_name: null, social_worker_phone: null,
  caregiver_id: null, schedule: [], placed_on: '2026-01-01', accepted_on: '2026-01-02', ended_on: null, end_reason: null, observations: 0,
  seen_up_to: 0, folder_changes: [], covers: [],
};
const commands: { path: string; body: Record<string, any> }[] = [];

const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
  const url = String(input);
  if (url === '/api/sync') return answerSync(init, (path, one) => fetchMock(path, one));
  if (url === '/api/auth/login') {
    return signedIn({ id: 'k1', username: 'koordynator', display_name: 'Krystyna Koordynator', role: 'mcus_coordinator', unit: 'MCUS' },
      { expires_in: 900, refresh_token: 'r', refresh_expires_in: 9000 });
  }
  if (url.startsWith('/api/handoff/stream')) return new Response(new ReadableStream({ start() {} }), { status: 200 });
  if (url.startsWith('/api/handoff/queue')) return json(200, [order]);
  if (url.startsWith('/api/handoff/capacity')) return json(200, { services: [], districts: [] });
  if (url.startsWith('/api/caregivers')) return json(200, [{ user_id: IRENA, name: 'Irena Nowicka' }, { user_id: ZOFIA, name: 'Zofia Opiekuńcza' }]);
  if (url.includes('/months/')) return json(200, { order_id: 'o1', year: 2026, month: 1, ordered_hours: '0', delivered_hours: '0', flagged_visits: 0, visits: [], settlement: null });
  if (url.startsWith('/api/handoff/orders/o1/') && init?.method === 'POST') {
    const body = JSON.parse(String(init.body));
    commands.push({ path: url, body });
    order = { ...order, version: order.version + 1, position: order.position + 1, caregiver_id: body.caregiver_id, status: 'caregiver_assigned' };
    return json(201, { command_id: body.command_id, folder_id: null, aggregate_id: 'o1', version: order.version, position: order.position, duplicate: false });
  }
  if (url.startsWith('/api/handoff/orders/o1')) return json(200, order);
  return refusal(404, 'not_found');
});

showApp(fetchMock);

describe('the MCUS coordinator on the tablet', () => {
  it('assigns a caregiver picked by name from the provider’s list', async () => {
    signIn('koordynator');
    const row = await waitFor(() => byTestId('order-row'), 'queue row');
    go(row.getAttribute('href')!);

    const select = await waitFor(() => {
      const s = byTestId('caregiver-select') as HTMLSelectElement | null;
      return s && s.options.length === 3 && s;
    }, 'caregiver list');
    expect([...select.options].map((o) => o.textContent)).toEqual(['— wybierz opiekuna —', 'Irena Nowicka', 'Zofia Opiekuńcza']);
    expect(byTestId('order-caregiver')!.textContent).toBe('brak');

    byTestId('caregiver-assign')!.click();
    await waitFor(() => root().querySelector('#caregiver-select-error'), 'a caregiver must be chosen');
    expect(commands).toHaveLength(0);

    type('caregiver-select', ZOFIA, 'change');
    byTestId('caregiver-assign')!.click();

    await waitFor(() => commands.length === 1, 'assignment sent');
    expect(commands[0]).toMatchObject({ path: '/api/handoff/orders/o1/caregiver', body: { caregiver_id: ZOFIA, expected_version: 3 } });
    await waitFor(() => byTestId('order-caregiver')?.textContent === 'Zofia Opiekuńcza', 'the assigned caregiver by name');
  });

  it('keeps a suspension’s reason typed but not sent when it leaves the order and comes back', async () => {
    const form = location.hash;
    type('suspend-reason', 'Pobyt w szpitalu');
    go('#/');
    await waitFor(() => !byTestId('suspend-reason'), 'left the order');
    go(form);
    await waitFor(() => (byTestId('suspend-reason') as HTMLInputElement | null)?.value === 'Pobyt w szpitalu', 'the draft restored');
    expect(byTestId('suspend-form')!.querySelector('[data-testid="draft-note"]')).not.toBeNull();
    // sent: the draft goes
    byTestId('order-suspend')!.click();
    await waitFor(() => commands.length === 2, 'suspension sent');
    expect(commands[1]).toMatchObject({ path: '/api/handoff/orders/o1/suspension', body: { reason: 'Pobyt w szpitalu' } });
    await waitFor(() => !byTestId('suspend-form')?.querySelector('[data-testid="draft-note"]'), 'the draft cleared');
  });
});
