import { describe, expect, it } from 'vitest';
import { accessQuery, NO_FILTERS, periodProblem } from '../src/roles/manager/accessLog';
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
