// Payment lists (issue #18): the manager builds the list for a payment date, approves it and
// downloads its bank files (pain.001 XML, CSV). The API needs the bearer token for a file, so
// the session's fetch gets it and `saveFile` hands it on (as the returns' exports).
import { ApiError, NetworkError, readError, type FetchFn } from './api';

export interface PaymentLine {
  instalment_id: string;
  decision_id: string;
  folder_id: string;
  person_id: string | null;
  case_reference: string;
  due_on: string;
  period_from: string;
  period_to: string;
  amount: string;
  status: 'due' | 'listed' | 'paid' | 'dropped' | 'reversed';
  method: 'transfer' | 'cash' | null;
  reason: string | null;
}

export interface PaymentListOut {
  list_id: string;
  payment_date: string;
  version: number;
  status: 'built' | 'approved';
  approved_on: string | null;
  count: number;
  total_paid: string;
  lines: PaymentLine[];
}

export type BankFileKind = 'xml' | 'csv';

export const paymentsHref = '#/payments';
export const listPath = (date: string): string => `/api/payments/lists/${encodeURIComponent(date)}`;

/** The sum of the lines' amounts in grosze, shown as złoty (no floating point). */
export function totalOf(lines: PaymentLine[], status?: PaymentLine['status']): string {
  let grosze = 0;
  for (const line of lines) {
    if (status !== undefined && line.status !== status) continue;
    const [zl, gr = '0'] = line.amount.split('.');
    grosze += Number(zl) * 100 + Number(gr.padEnd(2, '0').slice(0, 2));
  }
  return `${Math.floor(grosze / 100)}.${String(grosze % 100).padStart(2, '0')}`;
}

export async function fetchBankFile(
  fetchFn: FetchFn,
  token: string | null,
  date: string,
  kind: BankFileKind,
): Promise<{ blob: Blob; filename: string }> {
  let res: Response;
  try {
    res = await fetchFn(`${listPath(date)}/file.${kind}`, {
      headers: token ? { Authorization: `Bearer ${token}`, Accept: '*/*' } : { Accept: '*/*' },
      cache: 'no-store',
    });
  } catch (err) {
    throw new NetworkError(err);
  }
  if (!res.ok) throw new ApiError(res.status, await readError(res));
  const m = /filename="?([^";]+)"?/i.exec(res.headers.get('Content-Disposition') ?? '');
  return { blob: await res.blob(), filename: m ? m[1]! : `wyplaty-${date}.${kind}` };
}
