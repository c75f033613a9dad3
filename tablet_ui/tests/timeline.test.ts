import { describe, expect, it } from 'vitest';
import { timelineLines } from '../src/roles/social_worker/timeline';

// Items exactly as GET /api/folders/{id} sends them: newest first, in recorded order.
const serverTimeline = [
  { version: 5, kind: 'observation', on_date: '2025-03-02', actor_id: 'c', recorded_at: '2025-03-02T10:00:00+00:00',
    details: { kind: 'fall', note: 'Upadła w łazience' } },
  { version: 4, kind: 'visit', on_date: '2025-03-01', actor_id: 'w', recorded_at: '2025-03-01T12:00:00+00:00',
    details: { visit_id: 'v2', minutes: 60, activity: 'home_visit', place: 'mieszkanie', notes: 'lodówka pusta' } },
  { version: 3, kind: 'interview_conducted', on_date: '2025-02-20', actor_id: 'w', recorded_at: '2025-02-20T12:00:00+00:00',
    details: { interview_id: 'i1', sections: ['A', 'H', 'I', 'J'] } },
  { version: 2, kind: 'assigned', on_date: null, actor_id: 'm', recorded_at: '2025-01-11T08:00:00+00:00',
    details: { worker_id: '5f0c6a8e-0000-4000-8000-000000000001' }, worker_name: 'Anna Nowak' },
  { version: 1, kind: 'folder_opened', on_date: '2025-01-10', actor_id: 'w', recorded_at: '2025-01-10T08:00:00+00:00',
    details: { team_id: 'ZTPS-1' } },
];

describe('the client timeline', () => {
  it('keeps the server order and shows each kind and its details in Polish', () => {
    const lines = timelineLines(serverTimeline);

    expect(lines.map((l) => l.title)).toEqual([
      'Obserwacja opiekunki', 'Wizyta', 'Przeprowadzono wywiad', 'Przydzielenie pracownikowi', 'Założenie teczki',
    ]);
    expect(lines.map((l) => l.date)).toEqual(['2025-03-02', '2025-03-01', '2025-02-20', '2025-01-11T08:00:00+00:00', '2025-01-10']);
    expect(lines[1].details).toEqual(['wizyta w miejscu zamieszkania', '1\u00a0h', 'mieszkanie', 'lodówka pusta']);
    // the conducted interview's section letters, not the list's indexes ("0, 1, 2, 3")
    expect(lines[2].details).toEqual(['Sekcje: A, H, I, J']);
    expect(lines[0].details).toContain('Upadła w łazience');
    // whom the folder was assigned to, by name, never the id
    expect(lines[3].details).toEqual(['Pracownik: Anna Nowak']);
  });
});

describe('a document on the timeline', () => {
  it('names its kind and carries what downloads it; an entry missing an id offers nothing', () => {
    const [issued, broken] = timelineLines([
      { version: 3, kind: 'document_issued', on_date: '2026-03-10', actor_id: 'd', recorded_at: '2026-03-10T09:00:00+00:00',
        details: { kind: 'decision_grant', document_id: 'doc-1', proceeding_id: 'p-1', sha256: 'ab' } },
      { version: 4, kind: 'document_issued', on_date: '2026-03-11', actor_id: 'd', recorded_at: '2026-03-11T09:00:00+00:00',
        details: { kind: 'delay_notice', proceeding_id: 'p-1' } },
    ]);

    expect(issued!.title).toBe('Wydanie dokumentu');
    expect(issued!.details).toEqual(['Decyzja przyznająca']);
    expect(issued!.document).toEqual({ proceedingId: 'p-1', documentId: 'doc-1', kind: 'decision_grant' });
    expect(broken!.document).toBeUndefined();
  });
});
