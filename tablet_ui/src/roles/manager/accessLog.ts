// The access log's filters as the API's query (GET /api/audit/access/lines and its CSV export)
// and the lines it answers (api/schemas/audit.py AccessLineOut); the data subject's report.
import type { AccessEntry } from '../../contract';

export type { AccessLine } from '../../contract';

export interface AccessFilters {
  viewerId: string;
  folderId: string;
  /** The folder's client, shown beside the folder filter. */
  folderName: string;
  since: string;
  until: string;
  purpose: string;
  withLogReads: boolean;
}

export const NO_FILTERS: AccessFilters = {
  viewerId: '', folderId: '', folderName: '', since: '', until: '', purpose: '', withLogReads: false,
};

/** The query string of these filters (empty ones left out), in a stable order. */
export function accessQuery(f: AccessFilters): string {
  const q = new URLSearchParams();
  if (f.viewerId) q.set('viewer_id', f.viewerId);
  if (f.folderId) q.set('folder_id', f.folderId);
  if (f.since) q.set('since', f.since);
  if (f.until) q.set('until', f.until);
  if (f.purpose) q.set('purpose', f.purpose);
  if (f.withLogReads) q.set('include_log_reads', 'true');
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** The period the filters name is refused before it is asked (the server says the same, 422). */
export function periodProblem(f: AccessFilters): 'reversed' | 'too_long' | null {
  if (!f.since || !f.until) return null;
  if (f.since > f.until) return 'reversed';
  const days = (Date.parse(f.until) - Date.parse(f.since)) / 86_400_000;
  return days > 2 * 366 ? 'too_long' : null;
}

/** One line of "who viewed this person's data": consecutive reads by the same person in the
 * same view for the same purpose (the report's entries come newest first, one per read). */
export interface ReportLine {
  entry: AccessEntry;
  count: number;
  firstAt: string;
}

export function groupReport(entries: readonly AccessEntry[]): ReportLine[] {
  const lines: ReportLine[] = [];
  for (const entry of entries) {
    const last = lines[lines.length - 1];
    if (last && last.entry.viewer_id === entry.viewer_id && last.entry.view === entry.view
        && last.entry.purpose === entry.purpose) {
      last.count += 1;
      last.firstAt = entry.viewed_at;
    } else {
      lines.push({ entry, count: 1, firstAt: entry.viewed_at });
    }
  }
  return lines;
}

/** "Who viewed my file" (#/who-viewed): the manager's own screen. */
export const whoViewedHref = '#/who-viewed';
