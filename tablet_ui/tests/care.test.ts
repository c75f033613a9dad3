import { describe, expect, it } from 'vitest';
import {
  decisionCommand,
  decisionErrors,
  defaultSignatory,
  emptyCareTerms,
  emptyCashTerms,
  localIsoWithOffset,
  scheduleErrors,
  scheduleValid,
  slotsOf,
  type DecisionInput,
} from '../src/care';
import { initialRows, markSeen, mergeOrder, newestPosition } from '../src/roles/mcus_coordinator/queue';
import { changeText } from '../src/roles/mcus_coordinator/FolderChanges';
import type { FolderChange, Order } from '../src/contract';

describe('the weekly schedule editor', () => {
  it('accepts valid rows and turns them into slots', () => {
    const rows = [
      { weekday: '1', start: '09:00', minutes: '120' },
      { weekday: '3', start: '14:30', minutes: '60' },
    ];
    const result = scheduleErrors(rows, [1, 2, 3, 4, 5]);
    expect(scheduleValid(result)).toBe(true);
    expect(slotsOf(rows)).toEqual([
      { weekday: 1, start: '09:00', minutes: 120 },
      { weekday: 3, start: '14:30', minutes: 60 },
    ]);
  });

  it('flags each bad field on its own row', () => {
    const result = scheduleErrors([
      { weekday: '', start: '09:00', minutes: '60' },
      { weekday: '2', start: '9am', minutes: '60' },
      { weekday: '2', start: '10:00', minutes: '0' },
      { weekday: '2', start: '10:00', minutes: '721' },
      { weekday: '2', start: '23:30', minutes: '60' },
    ]);
    expect(result.rows).toEqual([
      { weekday: 'schedule.err.weekday' },
      { start: 'schedule.err.start' },
      { minutes: 'schedule.err.minutes' },
      { start: 'schedule.err.duplicate', minutes: 'schedule.err.minutes' },
      { minutes: 'schedule.err.pastMidnight' },
    ]);
    expect(scheduleValid(result)).toBe(false);
  });

  it('refuses a day the decision does not order, duplicates, an empty and an oversized week', () => {
    expect(scheduleErrors([{ weekday: '6', start: '09:00', minutes: '60' }], [1, 2, 3, 4, 5]).rows[0]).toEqual({
      weekday: 'schedule.err.notOrdered',
    });
    const dup = scheduleErrors([
      { weekday: '1', start: '09:00', minutes: '60' },
      { weekday: '1', start: '09:00', minutes: '30' },
    ]);
    expect(dup.rows[1]).toEqual({ start: 'schedule.err.duplicate' });
    expect(scheduleErrors([]).form).toBe('schedule.err.empty');
    const many = Array.from({ length: 29 }, (_, i) => ({ weekday: String((i % 7) + 1), start: `${String(6 + Math.floor(i / 7)).padStart(2, '0')}:00`, minutes: '30' }));
    expect(scheduleErrors(many).form).toBe('schedule.err.tooMany');
  });
});

function decision(patch: Partial<DecisionInput> = {}): DecisionInput {
  return {
    outcome: 'grant',
    reasons: ['5', '6'],
    legal_basis: 'art. 50 ust. 1',
    signatory: defaultSignatory('Jan Dec'),
    issued_on: '2026-11-20',
    care: {
      ...emptyCareTerms('2026-11-20'),
      tasks: ['meals', 'personal_hygiene'],
      hours_per_day: '2',
      hours_per_week: '10',
      period_to: '2027-05-20',
      hourly_cost: '38,50',
      fee_share_percent: '10',
    },
    cash: { ...emptyCashTerms('2026-11-20'), amount: '450,5', installments: '1' },
    notes: { contact_phone: '', access_notes: 'Domofon nie działa', health_notes: 'Cukrzyca', family_notes: '', social_worker_phone: '' },
    ...patch,
  };
}

describe('the decision form', () => {
  it('prefills the signatory from the user name', () => {
    expect(defaultSignatory('Jan Dec')).toBe('z up. Prezydenta Wrocławia, Jan Dec');
  });

  it('requires outcome, reasons (when granting), legal basis, signatory and date', () => {
    const errors = decisionErrors(decision({ outcome: '', reasons: [], legal_basis: ' ', signatory: '', issued_on: '' }), 'purpose_allowance');
    expect(errors).toEqual({
      outcome: 'decision.err.outcome',
      legal_basis: 'decision.err.legalBasis',
      signatory: 'decision.err.signatory',
      issued_on: 'decision.err.date',
    });
    expect(decisionErrors(decision({ reasons: [] }), 'purpose_allowance')).toEqual({ reasons: 'decision.err.reasons' });
    expect(decisionErrors(decision({ reasons: ['10'] }), 'purpose_allowance')).toEqual({ reasons: 'decision.err.reasons' });
    // a refusal need not cite art. 7 reasons, nor care terms
    expect(decisionErrors(decision({ outcome: 'refuse', reasons: [], care: emptyCareTerms('') }), 'care_services')).toEqual({});
  });

  it('requires the care terms when granting a care form', () => {
    const empty = decision({ care: { ...emptyCareTerms('2026-11-20'), weekdays: [], place: '', provider_id: '' } });
    expect(Object.keys(decisionErrors(empty, 'care_services')).sort()).toEqual(
      ['care.fee_share_percent', 'care.hourly_cost', 'care.hours_per_day', 'care.hours_per_week', 'care.period_to',
        'care.place', 'care.provider_id', 'care.tasks', 'care.weekdays'].sort(),
    );
    expect(decisionErrors(decision(), 'care_services')).toEqual({});
    expect(decisionErrors(decision({ care: { ...decision().care, period_to: '2026-01-01' } }), 'care_services')).toEqual({
      'care.period_to': 'care.err.periodTo',
    });
    expect(decisionErrors(decision({ care: { ...decision().care, hours_per_week: '40' } }), 'care_services')).toEqual({
      'care.hours_per_week': 'care.err.hoursPerWeek',
    });
    // other forms ignore the care terms
    expect(decisionErrors(empty, 'purpose_allowance')).toEqual({});
    // (a meal's grant asks for its days × unit cost instead: tests/inKind.test.ts)
    expect(Object.keys(decisionErrors(empty, 'meal')).filter((k) => k.startsWith('care.'))).toEqual([]);
  });

  it('requires the cash terms when granting a cash form (the server refuses a grant without them)', () => {
    const none = decision({ cash: { amount: '', period_from: '', period_to: 'jutro', installments: '0' } });
    expect(decisionErrors(none, 'periodic_allowance')).toEqual({
      'cash.amount': 'cash.err.amount',
      'cash.period_from': 'decision.err.date',
      'cash.period_to': 'care.err.periodTo',
      'cash.installments': 'cash.err.installments',
    });
    expect(decisionErrors(decision({ outcome: 'refuse', cash: emptyCashTerms('') }), 'periodic_allowance')).toEqual({});
    // a one-off allowance has no end of period
    expect(decisionErrors(decision(), 'purpose_allowance')).toEqual({});
    expect(decisionErrors(none, 'care_services')).toEqual({});
  });

  it('builds the contract body with decimals as strings and the notes', () => {
    const c = decisionCommand('p1', 3, 'care_services', decision());
    expect(c.folder_id).toBe('p1');
    expect(c.path).toBe('/api/proceedings/p1/decision');
    expect(c.seen_version).toBe(3);
    expect(c.body).toMatchObject({
      outcome: 'grant',
      reasons: ['5', '6'],
      signatory: 'z up. Prezydenta Wrocławia, Jan Dec',
      care: { tasks: ['personal_hygiene', 'meals'], hours_per_day: '2.00', hours_per_week: '10.00', hourly_cost: '38.50',
        fee_share_percent: '10.00', provider_id: 'MCUS', weekdays: [1, 2, 3, 4, 5] },
      notes: { access_notes: 'Domofon nie działa', health_notes: 'Cukrzyca', contact_phone: null },
    });
    const cash = decisionCommand('p1', 3, 'purpose_allowance', decision()).body;
    expect(cash.care).toBeUndefined();
    expect(cash.cash).toEqual({ amount: '450.50', period_from: '2026-11-20', period_to: null, installments: 1 });
    expect(c.body.cash).toBeUndefined();
  });
});

describe('the check-in time', () => {
  it('carries the device UTC offset', () => {
    expect(localIsoWithOffset(new Date())).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/);
  });
});

const order = (id: string, version: number, position: number, changed = false): Order =>
  ({ order_id: id, version, position, changed, status: 'scheduled' }) as Order;

describe('the live queue', () => {
  it('adds new orders on top, replaces changed ones in place and ignores older copies', () => {
    let rows = initialRows([order('a', 2, 10), order('b', 1, 12, true)]);
    expect(newestPosition(rows)).toBe(12);
    expect(rows.map((r) => [r.isNew, r.isChanged])).toEqual([[false, false], [false, true]]);
    rows = mergeOrder(rows, order('c', 1, 13));
    expect(rows[0]).toMatchObject({ isNew: true, order: { order_id: 'c' } });
    rows = mergeOrder(rows, order('a', 3, 14));
    expect(rows[1]).toMatchObject({ isChanged: true, order: { version: 3 } });
    expect(mergeOrder(rows, order('a', 2, 10))).toBe(rows);
    rows = markSeen(markSeen(rows, 'a'), 'c');
    expect(rows.map((r) => [r.order.order_id, r.isNew, r.isChanged])).toEqual([
      ['c', false, false],
      ['a', false, false],
      ['b', false, true],
    ]);
  });
});

describe('the order follows the folder', () => {
  it('takes a copy whose folder changed (same version, later position) and ignores an older one', () => {
    let rows = initialRows([order('a', 2, 10)]);
    const moved = { ...order('a', 2, 15), address_line: 'Kasprowicza 7' } as Order;
    rows = mergeOrder(rows, moved);
    expect(rows[0]).toMatchObject({ isChanged: true, order: { address_line: 'Kasprowicza 7', position: 15 } });
    expect(mergeOrder(rows, order('a', 2, 12))).toBe(rows);
  });

  it('says each change as the provider may know it', () => {
    const change = (kind: string, detail: Record<string, unknown>) =>
      ({ position: 1, kind, on: '2026-12-01', detail, recorded_at: null }) as FolderChange;
    expect(changeText(change('address', { address_line: 'Kasprowicza 7, 51-137 Wrocław', before: 'Legnicka 12/3' })))
      .toBe('Nowy adres: Kasprowicza 7, 51-137 Wrocław (poprzednio: Legnicka 12/3)');
    expect(changeText(change('member_joined', { relation: 'child', age: 11 })))
      .toBe('Do gospodarstwa dołączyła osoba: dziecko, 11 l.');
    expect(changeText(change('client_died', {}))).toBe('Zmarł(a) klient(ka)');
  });
});
