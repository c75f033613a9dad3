// Undue benefits (art. 98 u.p.s.), summonses (art. 50 KPA) and the month's health
// contributions (issue #18). Done online, not through the outbox: a reclaim is checked
// against what was paid, a repayment against what is owed, and the person sees it take effect.
import { ApiError, NetworkError, readError, withAfter, type FetchFn } from './api';
import type { Schemas } from './contract';

export type ReclaimEntry = Schemas['ReclaimEntryOut'];
export type Receivable = Schemas['ReceivableOut'];
export type ContributionLine = Schemas['ContributionLineOut'];
export type Contributions = Schemas['ContributionsOut'];

export const receivablesHref = '#/receivables';
export const contributionsHref = '#/contributions';

export const folderReceivablesPath = (folderId: string, after?: number): string =>
  withAfter(`/api/folders/${encodeURIComponent(folderId)}/receivables`, after);
export const receivablesPath = (after?: number): string => withAfter('/api/receivables', after);
export const contributionsPath = (month: string, after?: number): string => {
  const [year, m] = month.split('-');
  return withAfter(`/api/payments/contributions/${Number(year)}/${Number(m)}`, after);
};
const proceedingPath = (id: string) => `/api/proceedings/${encodeURIComponent(id)}`;
export const reclaimPath = (proceedingId: string) => `${proceedingPath(proceedingId)}/reclaims`;
export const summonsPath = (proceedingId: string) => `${proceedingPath(proceedingId)}/summons`;
export const repaymentPath = (r: Receivable) =>
  `${reclaimPath(r.proceeding_id)}/${encodeURIComponent(r.reclaim_id)}/repayments`;

/** An amount typed with a comma or a dot, in grosze; null if it is not one. */
export function grosze(text: string): number | null {
  const m = /^\s*(\d{1,7})(?:[.,](\d{1,2}))?\s*$/.exec(text);
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '0').padEnd(2, '0'));
}

export function zl(value: number): string {
  return `${Math.floor(value / 100)}.${String(value % 100).padStart(2, '0')}`;
}

/** `YYYY-MM-DD` plus whole months, the day kept within the month. */
export function addMonths(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/** The repayment terms: `count` monthly instalments from `first`, adding up to the amount
 * (the grosze that do not divide go to the first). One instalment is a lump sum. */
export function instalments(total: number, count: number, first: string): { due_on: string; amount: string }[] {
  const n = Math.max(1, Math.floor(count));
  const part = Math.floor(total / n);
  return Array.from({ length: n }, (_, i) => ({
    due_on: addMonths(first, i),
    amount: zl(i === 0 ? total - part * (n - 1) : part),
  }));
}

export async function fetchContributionsCsv(
  fetchFn: FetchFn,
  token: string | null,
  month: string,
): Promise<{ blob: Blob; filename: string }> {
  let res: Response;
  try {
    res = await fetchFn(`${contributionsPath(month)}/file.csv`, {
      headers: token ? { Authorization: `Bearer ${token}`, Accept: '*/*' } : { Accept: '*/*' },
      cache: 'no-store',
    });
  } catch (err) {
    throw new NetworkError(err);
  }
  if (!res.ok) throw new ApiError(res.status, await readError(res));
  const m = /filename="?([^";]+)"?/i.exec(res.headers.get('Content-Disposition') ?? '');
  return { blob: await res.blob(), filename: m ? m[1]! : `skladki-zdrowotne-${month}.csv` };
}
