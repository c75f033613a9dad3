// A stacked horizontal bar chart drawn as plain SVG (no chart library: see the README). One bar
// per worker, one segment per activity kind; the same numbers are in the table under it, which
// is what a screen reader reads (the SVG is aria-hidden).
export interface BarSeries {
  key: string;
  label: string;
  color: string;
}

export interface BarRow {
  label: string;
  values: Record<string, number>;
}

const ROW = 40;
const GAP = 12;
const LABEL_W = 180;
const WIDTH = 760;

export function BarChart({ rows, series, title }: { rows: BarRow[]; series: BarSeries[]; title: string }) {
  const total = (r: BarRow) => series.reduce((sum, s) => sum + (r.values[s.key] ?? 0), 0);
  const max = Math.max(1, ...rows.map(total));
  const plot = WIDTH - LABEL_W - 60;
  const height = rows.length * (ROW + GAP) + GAP;
  return (
    <figure class="chart" data-testid="activity-chart">
      <figcaption>{title}</figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${height}`} width="100%" role="img" aria-hidden="true" focusable="false">
        {rows.map((r, i) => {
          const y = GAP + i * (ROW + GAP);
          let x = LABEL_W;
          return (
            <g key={r.label} data-testid="chart-bar">
              <text x={LABEL_W - 8} y={y + ROW / 2} text-anchor="end" dominant-baseline="middle" font-size="16" fill="#1b1b1b">
                {r.label}
              </text>
              {series.map((s) => {
                const v = r.values[s.key] ?? 0;
                if (!v) return null;
                const w = (v / max) * plot;
                const rect = <rect key={s.key} x={x} y={y} width={w} height={ROW} fill={s.color} stroke="#fff" stroke-width="1" />;
                x += w;
                return rect;
              })}
              <text x={x + 6} y={y + ROW / 2} dominant-baseline="middle" font-size="15" fill="#1b1b1b">
                {total(r)}
              </text>
            </g>
          );
        })}
      </svg>
      <ul class="legend">
        {series.map((s) => (
          <li key={s.key}>
            <span class="swatch" style={{ background: s.color }} aria-hidden="true" />
            {s.label}
          </li>
        ))}
      </ul>
    </figure>
  );
}
