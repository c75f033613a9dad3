import { describe, expect, it } from 'vitest';
import {
  interviewCommands,
  localToday,
  memberChangeCommand,
  memberChangeErrors,
  membershipCorrectionCommand,
  membershipCorrectionErrors,
  missingSections,
  newMemberCommand,
  newMemberErrors,
  visitCommand,
  visitErrors,
  type VisitInput,
} from '../src/commands';
import { addressBody, addressErrors, addressText, emptyAddress } from '../src/roles/shared/AddressFields';

const visit: VisitInput = { visited_on: '2025-03-04', minutes: '45', activity: 'home_visit', place: ' ul. Piękna 1 ', notes: ' bez zmian ' };

describe('recording a visit', () => {
  it('builds the contract body with a fresh command_id and visit_id', () => {
    const a = visitCommand('f1', 7, visit);
    const b = visitCommand('f1', 7, visit);

    expect(a.path).toBe('/api/folders/f1/visits');
    expect(a.seen_version).toBe(7);
    expect(a.body.visit).toMatchObject({ visited_on: '2025-03-04', minutes: 45, activity: 'home_visit', place: 'ul. Piękna 1', notes: 'bez zmian' });
    expect(a.command_id).not.toBe(b.command_id);
    expect((a.body.visit as { visit_id: string }).visit_id).not.toBe((b.body.visit as { visit_id: string }).visit_id);
  });

  it('refuses a visit dated in the future or without a sensible duration', () => {
    expect(visitErrors(visit, '2025-03-04')).toEqual({});
    expect(visitErrors({ ...visit, visited_on: '2025-03-05' }, '2025-03-04')).toEqual({ visited_on: 'visit.err.date' });
    expect(visitErrors({ ...visit, minutes: '0' }, '2025-03-04')).toEqual({ minutes: 'visit.err.minutes' });
    expect(visitErrors({ ...visit, minutes: '1.5' }, '2025-03-04')).toEqual({ minutes: 'visit.err.minutes' });
  });

  it("takes today from the tablet's own calendar", () => {
    expect(localToday(new Date(2025, 0, 31, 23, 59))).toBe('2025-01-31');
  });
});

describe('conducting an environmental interview', () => {
  it('requires sections A, H, I and J, and blank text does not count', () => {
    expect(missingSections({})).toEqual(['A', 'H', 'I', 'J']);
    expect(missingSections({ A: 'rodzina 3-osobowa', H: '  ', I: 'diagnoza', B: 'mieszkanie' })).toEqual(['H', 'J']);
    expect(missingSections({ A: 'a', H: 'h', I: 'i', J: 'j' })).toEqual([]);
  });

  it('schedules an interview first when the folder has none open, and conducts that one', () => {
    const input = { conducted_on: '2025-03-04', sections: { A: 'a', B: ' ', H: 'h', I: 'i', J: 'j' } };
    const [schedule, conduct] = interviewCommands('f1', 3, { due_on: null, update_due_on: null, overdue: false }, input);

    const interviewId = schedule.body.interview_id as string;
    expect(schedule.path).toBe('/api/folders/f1/interviews');
    expect(schedule.body).toMatchObject({ trigger_date: '2025-03-04', urgent: false });
    expect(conduct.path).toBe(`/api/folders/f1/interviews/${interviewId}/conducted`);
    expect(conduct.depends_on).toBe(schedule.command_id);
    expect(conduct.body.sections).toEqual({ A: 'a', H: 'h', I: 'i', J: 'j' });
  });

  it('conducts the scheduled interview when the server names it', () => {
    const input = { conducted_on: '2025-03-04', sections: { A: 'a', H: 'h', I: 'i', J: 'j' } };
    const commands = interviewCommands('f1', 3, { due_on: '2025-03-10', update_due_on: null, overdue: false, interview_id: 'i9' }, input);

    expect(commands).toHaveLength(1);
    expect(commands[0].path).toBe('/api/folders/f1/interviews/i9/conducted');
  });

  it('conducts the overdue interview the client view names as due, scheduling none', () => {
    const input = { conducted_on: '2025-03-04', sections: { A: 'a', H: 'h', I: 'i', J: 'j' } };
    const commands = interviewCommands('f1', 3,
      { due_on: '2025-02-10', update_due_on: null, overdue: true, due_interview_id: 'due-1' }, input);

    expect(commands.map((c) => c.path)).toEqual(['/api/folders/f1/interviews/due-1/conducted']);
    expect(commands[0].depends_on).toBeNull();
  });
});

describe('a change of the household, dated when it happened', () => {
  const base = { on: '2025-06-15', reason: '', new_head_id: '', previous_head_relation: 'other_relative' };

  it('a member leaves with a reason on the day stated', () => {
    const command = memberChangeCommand('f1', 4, 'm2', { ...base, change: 'leaves', reason: ' internat ' });
    expect(command.path).toBe('/api/folders/f1/members/m2/departure');
    expect(command.kind).toBe('member_left');
    expect(command.seen_version).toBe(4);
    expect(command.body).toMatchObject({ left_on: '2025-06-15', reason: 'internat' });
  });

  it('the head dies and names the new head; another member becomes the head', () => {
    const died = memberChangeCommand('f1', 4, 'h1', { ...base, change: 'died', new_head_id: 'm2', previous_head_relation: 'spouse' });
    expect(died.path).toBe('/api/folders/f1/members/h1/death');
    expect(died.body).toMatchObject({ died_on: '2025-06-15', new_head_id: 'm2', previous_head_relation: 'spouse' });
    const head = memberChangeCommand('f1', 4, 'm2', { ...base, change: 'head', previous_head_relation: 'parent' });
    expect(head.path).toBe('/api/folders/f1/head');
    expect(head.body).toMatchObject({ new_head_id: 'm2', changed_on: '2025-06-15', previous_head_relation: 'parent' });
  });

  it('refuses a date after today, a leave without a reason and a head leaving alone', () => {
    expect(memberChangeErrors({ ...base, change: 'leaves', on: '2025-06-16' }, '2025-06-15', false))
      .toEqual({ on: 'household.err.date', reason: 'household.err.reason' });
    expect(memberChangeErrors({ ...base, change: 'died' }, '2025-06-15', true))
      .toEqual({ new_head_id: 'household.err.newHead' });
    expect(memberChangeErrors({ ...base, change: 'died' }, '2025-06-15', false)).toEqual({});
  });
});

describe('correcting membership dates and a new member', () => {
  const left = { joined_on: '2025-01-10', left_on: '2025-05-01' };

  it('sends only the date that differs from what is recorded', () => {
    const command = membershipCorrectionCommand('f1', 9, 'm3', { joined_on: '2025-01-10', ended_on: '2025-04-20' }, left);
    expect(command).toMatchObject({ path: '/api/folders/f1/members/m3/membership-corrections', kind: 'membership_corrected', seen_version: 9 });
    expect(command.body.ended_on).toBe('2025-04-20');
    expect('joined_on' in command.body).toBe(false);
    // a member still in the household has no leaving day to correct
    const current = membershipCorrectionCommand('f1', 9, 'm2', { joined_on: '2025-01-08', ended_on: '2025-04-20' }, { joined_on: '2025-01-10' });
    expect(current.body.joined_on).toBe('2025-01-08');
    expect('ended_on' in current.body).toBe(false);
  });

  it('says at once what the server would refuse', () => {
    expect(membershipCorrectionErrors({ joined_on: '2025-01-10', ended_on: '2025-05-01' }, left, '2025-06-15'))
      .toEqual({ form: 'household.err.nothingToCorrect' });
    expect(membershipCorrectionErrors({ joined_on: '2025-01-10', ended_on: '2024-12-31' }, left, '2025-06-15'))
      .toEqual({ ended_on: 'household.err.endedBeforeJoined' });
    expect(membershipCorrectionErrors({ joined_on: '2025-06-16', ended_on: '' }, { joined_on: '2025-01-10' }, '2025-06-15'))
      .toEqual({ joined_on: 'household.err.date' });
    expect(membershipCorrectionErrors({ joined_on: '2025-01-09', ended_on: '' }, left, '2025-06-15')).toEqual({});
  });

  it('a new member joins on the day stated, with a PESEL or a document', () => {
    const input = { first_name: ' Kacper ', last_name: 'Nowak', pesel: '', document_kind: 'passport', document_number: 'AB123',
      birth_date: '', relation: 'child', joined_on: '2025-06-01' };
    expect(newMemberErrors(input, '2025-06-15')).toEqual({});
    expect(newMemberErrors({ ...input, document_number: '', relation: '', joined_on: '2025-06-16' }, '2025-06-15'))
      .toEqual({ pesel: 'newFolder.err.identifier', relation: 'household.err.relation', joined_on: 'household.err.date' });
    const command = newMemberCommand('f1', null, input);
    expect(command).toMatchObject({ path: '/api/folders/f1/members', kind: 'member_added', seen_version: null,
      body: { joined_on: '2025-06-01', member: { first_name: 'Kacper', pesel: null, document: { kind: 'passport', number: 'AB123' }, relation: 'child' } } });
    expect('birth_date' in (command.body.member as object)).toBe(false);
  });
});

describe('the address of a homeless person (art. 101 ust. 2)', () => {
  const homeless = { ...emptyAddress, no_fixed_address: true, teryt: '0264011', meeting_place: ' Noclegownia ' };

  it('carries the municipality and the meeting place, no street', () => {
    expect(addressBody(homeless)).toEqual({ no_fixed_address: true, city: 'Wrocław', teryt: '0264011', meeting_place: 'Noclegownia' });
    expect(addressErrors(homeless)).toEqual({});
    expect(addressErrors({ ...homeless, meeting_place: ' ' })).toEqual({ meeting_place: 'address.err.meetingPlace' });
  });

  it('a fixed address still needs street, building and postal code', () => {
    expect(addressErrors({ ...emptyAddress, teryt: '0264029' })).toEqual({
      street: 'address.err.required', building: 'address.err.required', postal_code: 'address.err.required' });
    expect(addressText({ street: null, building: null, postal_code: null, city: 'Wrocław', teryt: '0264011',
      no_fixed_address: true, meeting_place: 'Dworzec' })).toBe('Bez stałego adresu · Dworzec (Wrocław)');
  });
});

describe("the interview's statement and asset declaration", () => {
  it('are sent dated the interview day, and only when filled', () => {
    const parts = { statement: ' Oświadczam. ', refused_to_sign: false, real_estate: '', movable_property: '',
      savings: '1 200 zł', other: '' };
    const input = { conducted_on: '2025-03-04', sections: { A: 'a', H: 'h', I: 'i', J: 'j' }, parts };
    const [conduct] = interviewCommands('f1', 3, { due_on: null, update_due_on: null, overdue: false, due_interview_id: 'i1' }, input);
    expect(conduct.body.statement).toEqual({ text: 'Oświadczam.', signed_on: '2025-03-04', refused_to_sign: false });
    expect(conduct.body.assets).toEqual({ real_estate: '', movable_property: '', savings: '1 200 zł', other: '',
      declared_on: '2025-03-04' });
    const [bare] = interviewCommands('f1', 3, { due_on: null, update_due_on: null, overdue: false, due_interview_id: 'i1' },
      { ...input, parts: { ...parts, statement: ' ', savings: '' } });
    expect(bare.body).not.toHaveProperty('statement');
    expect(bare.body).not.toHaveProperty('assets');
  });
});
