// The top bar and the outbox notice stay in view on a scrolled page. Their height is given to
// the page as `--sticky-head`, which `scroll-padding-top` (styles.css) uses, so that a field
// scrolled to (a focus after a failed check, the browser's own scrolling) is never under them.
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

export function StickyHead({ children }: { children: ComponentChildren }) {
  const head = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = head.current;
    if (!element || typeof ResizeObserver === 'undefined') return;
    const root = document.documentElement;
    const observer = new ResizeObserver(() => root.style.setProperty('--sticky-head', `${element.offsetHeight}px`));
    observer.observe(element);
    return () => {
      observer.disconnect();
      root.style.removeProperty('--sticky-head');
    };
  }, []);
  return (
    <div class="sticky-head" ref={head} data-testid="sticky-head">
      {children}
    </div>
  );
}
