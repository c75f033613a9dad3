// @vitest-environment happy-dom
// The return's tables in its own layout (roles/manager/ReturnsTables.tsx): a return of layout
// "2026" shows its "of which" rows under their row and section 5, one submitted in "2025"
// only the rows it has — never the new ones as zeros.
import { render } from 'preact';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ReturnFigures } from '../src/contract';
import { loadEveryMessage, setLang } from '../src/i18n';
import { ReturnTables } from '../src/roles/manager/ReturnsTables';
import { h1Figures } from './support/returnsFixtures';

const cell = (persons: number, amount = '0.00') => ({ persons, benefits: persons, amount, families: persons, family_persons: persons });

function layout2026(): ReturnFigures {
  const figures = h1Figures();
  figures.benefits = {
    ...figures.benefits,
    permanent_allowance_single: { commissioned: cell(0), own: cell(1, '700.00') },
  } as unknown as ReturnFigures['benefits'];
  figures.reasons = { ...figures.reasons, '14_crisis': { families: 1, family_persons: 1, rural_families: 0, rural_family_persons: 0 } };
  figures.family_types = { all: { families: 2, family_persons: 5 }, persons_2: { families: 1, family_persons: 2 } };
  return figures;
}

function shown(figures: ReturnFigures): HTMLElement {
  const root = document.createElement('div');
  render(<ReturnTables figures={figures} />, root);
  return root;
}

describe('the return tables in the layout of the return', () => {
  beforeAll(async () => {
    await loadEveryMessage();
    setLang('pl');
  });

  it('lays out layout 2026 with its sub-rows indented and section 5', () => {
    const root = shown(layout2026());
    const single = root.querySelector('[data-form="permanent_allowance_single"][data-task="own"]')!;
    expect(single.className).toContain('subrow');
    expect(single.querySelector('th')!.textContent).toBe('w tym: zasiłek stały dla osoby samotnie gospodarującej');
    expect(root.querySelector('[data-reason="14_crisis"] th')!.textContent).toBe('w tym: sytuacja kryzysowa');
    expect(root.querySelector('[data-testid="return-section-5"]')).not.toBeNull();
    expect(root.querySelector('[data-type="persons_2"] th')!.textContent).toBe('o liczbie osób: 2');
  });

  it('lays out a return of layout 2025 in its own rows only', () => {
    const root = shown(h1Figures());
    expect(root.querySelector('[data-form="permanent_allowance_single"]')).toBeNull();
    expect(root.querySelector('[data-reason="14_crisis"]')).toBeNull();
    expect(root.querySelector('[data-testid="return-section-5"]')).toBeNull();
    expect(root.querySelectorAll('[data-testid="benefit-row"]').length).toBe(Object.keys(h1Figures().benefits).length * 2 - 2);
  });
});
