import { describe, expect, it } from 'vitest';
import { accessQuery, groupReport, NO_FILTERS, periodProblem } from '../src/roles/manager/accessLog';
import type { AccessEntry } from '../src/contract';
import { label, setLang } from '../src/i18n';

describe('the access log’s filters', () => {
  it('asks for nothing when nothing is chosen, and for each chosen filter', () => {
    expect(accessQuery(NO_FILTERS)).toBe('');
    expect(accessQuery({ ...NO_FILTERS, viewerId: 'w1', since: '2026-11-01', until: '2026-11-30', purpose: 'case_work', withLogReads: true }))
      .toBe('?viewer_id=w1&since=2026-11-01&until=2026-11-30&purpose=case_work&include_log_reads=true');
  });

  it('refuses a reversed period and one longer than two years before asking', () => {
    expect(periodProblem({ ...NO_FILTERS, since: '2026-12-02', until: '2026-12-01' })).toBe('reversed');
    expect(periodProblem({ ...NO_FILTERS, since: '2024-01-01', until: '2026-12-01' })).toBe('too_long');
    expect(periodProblem({ ...NO_FILTERS, since: '2025-01-01', until: '2026-12-01' })).toBeNull();
    expect(periodProblem({ ...NO_FILTERS, since: '2025-01-01' })).toBeNull();
  });

  it('names views and purposes in Polish, not as codes', () => {
    setLang('pl');
    expect(label('audit.view.', 'client_view')).toBe('teczka klienta');
    expect(label('audit.purpose.', 'case_work')).toBe('praca socjalna');
  });
});

describe('who viewed a person’s data', () => {
  const read = (viewer: string, view: string, at: string): AccessEntry => ({
    record_id: `r-${viewer}-${at}`, viewer_id: viewer, viewer_name: viewer, viewer_role: 'social_worker',
    viewer_unit: 'ZTPS-1', folder_id: 'f1', person_id: null, view, purpose: 'case_work', viewed_at: at,
  });

  it('groups consecutive reads by the same person in the same view, newest first, and no others', () => {
    const lines = groupReport([
      read('anna', 'client_view', '2026-12-07T12:03:00Z'),
      read('anna', 'client_view', '2026-12-07T12:02:00Z'),
      read('anna', 'client_view', '2026-12-07T12:01:00Z'),
      read('ewa', 'client_view', '2026-12-07T12:00:00Z'),
      read('anna', 'client_view', '2026-12-07T11:00:00Z'),
      read('anna', 'caseload', '2026-12-07T10:00:00Z'),
    ]);
    expect(lines.map((l) => [l.entry.viewer_id, l.entry.view, l.count, l.firstAt, l.entry.viewed_at])).toEqual([
      ['anna', 'client_view', 3, '2026-12-07T12:01:00Z', '2026-12-07T12:03:00Z'],
      ['ewa', 'client_view', 1, '2026-12-07T12:00:00Z', '2026-12-07T12:00:00Z'],
      ['anna', 'client_view', 1, '2026-12-07T11:00:00Z', '2026-12-07T11:00:00Z'],
      ['anna', 'caseload', 1, '2026-12-07T10:00:00Z', '2026-12-07T10:00:00Z'],
    ]);
    expect(groupReport([])).toEqual([]);
  });
});
