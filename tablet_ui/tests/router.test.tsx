// @vitest-environment happy-dom
// The hash router: a link followed while a screen is still mounting (before its effects have
// run) still shows the screen the link names.
import { render } from 'preact';
import { describe, expect, it } from 'vitest';
import { useRoute } from '../src/ui/router';

function Where() {
  const route = useRoute();
  return <p data-testid="where">{route.name === 'proceeding' ? route.id : route.name}</p>;
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

describe('useRoute', () => {
  it('follows a hash changed before its listener was attached', async () => {
    window.location.hash = '#/';
    const root = document.createElement('div');
    document.body.append(root);
    render(<Where />, root);
    window.location.hash = '#/proceeding/p-17';
    await settle();
    expect(root.textContent).toBe('p-17');
    window.location.hash = '#/issues';
    await settle();
    expect(root.textContent).toBe('issues');
    render(null, root);
  });
});
