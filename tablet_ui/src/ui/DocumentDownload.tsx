// "Pobierz PDF": a decision's or notice's PDF, fetched with the session's token and handed to
// the browser (the social worker's folder history, the decision maker's case).
import { useState } from 'preact/hooks';
import { fetchDocument, type DocumentRef } from '../documents';
import { t } from '../i18n';
import { saveFile } from '../download';
import { useApp } from './context';
import { errorText } from './errors';

export function DocumentDownload({ document }: { document: DocumentRef }) {
  const { auth, notify } = useApp();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const download = async () => {
    setBusy(true);
    setError(null);
    try {
      const file = await fetchDocument(auth.fetch, auth.token(), document);
      saveFile(file.blob, file.filename);
      notify(t('document.downloaded', { file: file.filename }));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="row">
      <button type="button" data-testid="document-download" disabled={busy} onClick={() => void download()}>
        {busy ? t('document.downloading') : t('document.download')}
      </button>
      {error !== null && (
        <p class="error" role="alert" data-testid="document-error">
          {errorText(error)}
        </p>
      )}
    </div>
  );
}
