// A signature drawn on the screen with a finger, a stylus or a mouse (pointer events), handed
// over as a PNG data URL small enough for its request (intake.ts exportSignature).
import { useEffect, useRef } from 'preact/hooks';
import { exportSignature } from '../../intake';
import { t } from '../../i18n';

export type SignatureValue = { image: string } | { tooLarge: true } | null;

/** The drawing scaled by `scale`, as a PNG data URL (transparent, so the strokes alone count). */
function pngAt(canvas: HTMLCanvasElement, scale: number): string {
  if (scale === 1) return canvas.toDataURL('image/png');
  const small = document.createElement('canvas');
  small.width = Math.max(1, Math.round(canvas.width * scale));
  small.height = Math.max(1, Math.round(canvas.height * scale));
  small.getContext('2d')?.drawImage(canvas, 0, 0, small.width, small.height);
  return small.toDataURL('image/png');
}

export function SignaturePad({ onChange, id }: { onChange: (value: SignatureValue) => void; id: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const drawing = useRef(false);
  const inked = useRef(false);

  useEffect(() => {
    const c = canvas.current;
    if (!c) return;
    // Drawn at the screen's resolution (at most 2×), so a stroke is as sharp as it looks.
    const ratio = Math.min(2, globalThis.devicePixelRatio || 1);
    c.width = Math.round((c.clientWidth || 600) * ratio);
    c.height = Math.round((c.clientHeight || 200) * ratio);
    const ctx = c.getContext('2d');
    if (!ctx) return;
    ctx.lineWidth = 2.5 * ratio;
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    ctx.strokeStyle = '#10284a';
  }, []);

  const point = (e: PointerEvent) => {
    const c = canvas.current!;
    const box = c.getBoundingClientRect();
    return [((e.clientX - box.left) * c.width) / (box.width || 1), ((e.clientY - box.top) * c.height) / (box.height || 1)] as const;
  };

  function down(e: PointerEvent) {
    const ctx = canvas.current?.getContext('2d');
    if (!ctx) return;
    e.preventDefault();
    canvas.current!.setPointerCapture?.(e.pointerId);
    drawing.current = true;
    const [x, y] = point(e);
    ctx.beginPath();
    ctx.moveTo(x, y);
    ctx.lineTo(x + 0.1, y + 0.1);
    ctx.stroke();
  }

  function move(e: PointerEvent) {
    if (!drawing.current) return;
    const ctx = canvas.current?.getContext('2d');
    if (!ctx) return;
    e.preventDefault();
    // A stylus reports more points than frames: draw every one of them.
    const events = typeof e.getCoalescedEvents === 'function' ? e.getCoalescedEvents() : [];
    for (const each of events.length ? events : [e]) {
      const [x, y] = point(each);
      ctx.lineTo(x, y);
    }
    ctx.stroke();
    inked.current = true;
  }

  function up() {
    if (!drawing.current) return;
    drawing.current = false;
    inked.current = true;
    const c = canvas.current!;
    const image = exportSignature((scale) => pngAt(c, scale));
    onChange(image ? { image } : { tooLarge: true });
  }

  function clear() {
    const c = canvas.current;
    c?.getContext('2d')?.clearRect(0, 0, c.width, c.height);
    inked.current = false;
    onChange(null);
  }

  return (
    <div class="signature">
      <canvas ref={canvas} id={id} class="signature-pad" data-testid="signature-pad" aria-label={t('apply.signature')}
        role="img" onPointerDown={down} onPointerMove={move} onPointerUp={up} onPointerCancel={up} />
      <div class="row">
        <span class="muted">{t('apply.signatureHint')}</span>
        <button type="button" data-testid="signature-clear" onClick={clear}>
          {t('apply.clear')}
        </button>
      </div>
    </div>
  );
}
