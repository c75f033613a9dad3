import { describe, expect, it } from 'vitest';
import { interviewCommands, localToday, missingSections, visitCommand, visitErrors, type VisitInput } from '../src/commands';

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
});
