// A proceeding's documents (decisions, notices) as PDF files. The API needs the bearer token,
// so a plain link cannot fetch them: the session's fetch gets the file, `saveFile` hands it on.
import { ApiError, NetworkError, readError, type FetchFn } from './api';

export interface DocumentRef {
  proceedingId: string;
  documentId: string;
  kind: string;
}

export function documentPath(ref: DocumentRef): string {
  return `/api/proceedings/${encodeURIComponent(ref.proceedingId)}/documents/${encodeURIComponent(ref.documentId)}`;
}

/** The file name the server gives (`decision_grant-ZTPS1.8210.1.2026.pdf`), or `fallback`. */
export function filenameOf(disposition: string | null, fallback: string): string {
  const m = disposition && /filename="?([^";]+)"?/i.exec(disposition);
  return m ? m[1]! : fallback;
}

/** The file name of a proceeding's document, or its kind's. */
export function documentFilename(disposition: string | null, ref: DocumentRef): string {
  return filenameOf(disposition, `${ref.kind}.pdf`);
}

/** A file the API answers at `path` (a PDF, a CSV), fetched with the session's token. */
export async function fetchFile(fetchFn: FetchFn, token: string | null, path: string, accept: string,
  fallback: string): Promise<{ blob: Blob; filename: string }> {
  let res: Response;
  try {
    res = await fetchFn(path, {
      headers: token ? { Authorization: `Bearer ${token}`, Accept: accept } : { Accept: accept },
      cache: 'no-store',
    });
  } catch (err) {
    throw new NetworkError(err);
  }
  if (!res.ok) throw new ApiError(res.status, await readError(res));
  return { blob: await res.blob(), filename: filenameOf(res.headers.get('Content-Disposition'), fallback) };
}

export function fetchDocument(fetchFn: FetchFn, token: string | null, ref: DocumentRef): Promise<{ blob: Blob; filename: string }> {
  return fetchFile(fetchFn, token, documentPath(ref), 'application/pdf', `${ref.kind}.pdf`);
}

/** A proceeding's issued documents as the folder's timeline lists them (`document_issued`
 * entries, newest first), each with the day it was issued. */
export function proceedingDocuments(items: Record<string, unknown>[] | undefined, proceedingId: string): (DocumentRef & { issuedOn: string | null })[] {
  const found: (DocumentRef & { issuedOn: string | null })[] = [];
  for (const item of items ?? []) {
    const details = item.details as Record<string, unknown> | undefined;
    // the server's entry names what happened in `kind` (the document's own kind is in `details`)
    if ((item.kind ?? item.type) !== 'document_issued' || !details || details.proceeding_id !== proceedingId) continue;
    const { document_id: documentId, kind } = details;
    if (typeof documentId !== 'string' || typeof kind !== 'string') continue;
    const on = item.on_date;
    found.push({ proceedingId, documentId, kind, issuedOn: typeof on === 'string' ? on : null });
  }
  return found;
}
