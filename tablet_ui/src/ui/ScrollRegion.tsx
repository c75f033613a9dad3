import type { ComponentChildren } from 'preact';
import { t } from '../i18n';

/** A wide table's own scrolling box, reachable by keyboard (WCAG 2.1.1, axe's
 * scrollable-region-focusable): it takes the focus, so the arrow keys scroll it, and is named
 * by `label` for a screen reader ("Tabela: …", so it is not taken for the section around it). */
export function ScrollRegion({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    <div class="table-wrap" tabIndex={0} role="region" aria-label={t('common.tableRegion', { name: label })}>
      {children}
    </div>
  );
}
