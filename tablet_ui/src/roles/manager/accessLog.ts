// The access log's filters as the API's query (GET /api/audit/access/lines and its CSV export)
// and the lines it answers (api/schemas/audit.py AccessLineOut).

export interface AccessLine {
  viewer_id: string;
  viewer_name: string | null;
  viewer_role: string;
  viewer_unit: string;
  folder_id: string | null;
  person_id: string | null;
  folder_team: string | null;
  client_name: string | null;
  view: string;
  purpose: string;
  count: number;
  first_at: string;
  last_at: string;
}

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
