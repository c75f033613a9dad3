import { describe, expect, it } from 'vitest';
import { ApiError } from '../src/api';
import { documentFilename, documentPath, fetchDocument, proceedingDocuments } from '../src/documents';

const ref = { proceedingId: 'p 1', documentId: 'd/1', kind: 'decision_grant' };

describe('a document downloaded', () => {
  it('is asked for with the bearer token, and named as the server names it', async () => {
    const seen: { url: string; auth: string | undefined }[] = [];
    const fetchFn = (async (url: string, init: RequestInit) => {
      seen.push({ url, auth: (init.headers as Record<string, string>).Authorization });
      return new Response(new Blob(['%PDF-1.7']), {
        status: 200,
        headers: { 'Content-Type': 'application/pdf', 'Content-Disposition': 'attachment; filename="decision_grant-ZTPS1.8210.1.2026.pdf"' },
      });
    }) as typeof fetch;

    const file = await fetchDocument(fetchFn, 'tok', ref);

    expect(seen).toEqual([{ url: '/api/proceedings/p%201/documents/d%2F1', auth: 'Bearer tok' }]);
    expect(file.filename).toBe('decision_grant-ZTPS1.8210.1.2026.pdf');
    expect(await file.blob.text()).toBe('%PDF-1.7');
    expect(documentPath(ref)).toBe('/api/proceedings/p%201/documents/d%2F1');
    expect(documentFilename(null, ref)).toBe('decision_grant.pdf');
  });

  it("answers the server's refusal as its error, not as a file", async () => {
    const fetchFn = (async () =>
      new Response(JSON.stringify({ error: { code: 'document.not_found', message: { pl: 'Nie ma.', en: 'None.' }, details: {} } }), {
        status: 404,
        headers: { 'Content-Type': 'application/json' },
      })) as unknown as typeof fetch;

    await expect(fetchDocument(fetchFn, 'tok', ref)).rejects.toBeInstanceOf(ApiError);
  });

  it("lists one proceeding's documents from the folder's timeline, whole entries only", () => {
    const timeline = [
      { kind: 'visit', on_date: '2026-01-11' },
      { kind: 'document_issued', on_date: '2026-01-10', details: { kind: 'decision_grant', document_id: 'd2', proceeding_id: 'p1' } },
      { kind: 'document_issued', on_date: '2026-01-09', details: { kind: 'delay_notice', document_id: 'd1', proceeding_id: 'p1' } },
      { kind: 'document_issued', on_date: '2025-03-20', details: { kind: 'decision_grant', document_id: 'd0', proceeding_id: 'p0' } },
      { kind: 'document_issued', on_date: '2026-01-08', details: { kind: 'decision_grant', proceeding_id: 'p1' } },
    ];

    expect(proceedingDocuments(timeline, 'p1')).toEqual([
      { proceedingId: 'p1', documentId: 'd2', kind: 'decision_grant', issuedOn: '2026-01-10' },
      { proceedingId: 'p1', documentId: 'd1', kind: 'delay_notice', issuedOn: '2026-01-09' },
    ]);
    expect(proceedingDocuments(undefined, 'p1')).toEqual([]);
  });
});
