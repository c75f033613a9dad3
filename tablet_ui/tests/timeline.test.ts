import { describe, expect, it } from 'vitest';
import { timelineLines } from '../src/roles/social_worker/timeline';

describe('the client timeline', () => {
  it('shows visits and interviews newest first, with the visit details in Polish', () => {
    const lines = timelineLines([
      { type: 'VisitRecorded', visited_on: '2025-01-10', activity: 'phone_call', minutes: 15 },
      { type: 'InterviewConducted', conducted_on: '2025-02-20', sections: { A: 'a', J: 'j' } },
      { type: 'VisitRecorded', visit: { visited_on: '2025-03-01', activity: 'home_visit', minutes: 60, notes: 'lodówka pusta' } },
    ]);

    expect(lines.map((l) => l.date)).toEqual(['2025-03-01', '2025-02-20', '2025-01-10']);
    expect(lines[0].title).toBe('Wizyta');
    expect(lines[0].details).toEqual(['wizyta w miejscu zamieszkania', '60 min', 'lodówka pusta']);
    expect(lines[1].title).toBe('Przeprowadzono wywiad');
    expect(lines[2].details).toEqual(['rozmowa telefoniczna', '15 min']);
  });
});
