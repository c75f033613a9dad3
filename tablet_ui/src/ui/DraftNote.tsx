import { t } from '../i18n';
import type { DraftControls } from './useDraft';

/** Above a form: that its draft was kept from before, and the way to throw it away. */
export function DraftNote({ draft }: { draft: DraftControls }) {
  if (!draft.kept) return null;
  return (
    <div class="draft-note" data-testid="draft-note" data-restored={draft.restored}>
      <span class="muted">{draft.restored ? t('draft.restored') : t('draft.kept')}</span>
      <button type="button" class="ghost" data-testid="draft-discard" onClick={() => void draft.discard()}>
        {t('draft.discard')}
      </button>
    </div>
  );
}
