// Horizontal bar charts for the manager's dashboards, drawn by Chartist (SVG; bundled by Vite,
// nothing loaded at run time — see the README for why this library). One bar per row, one
// segment per series (stacked). The SVG is aria-hidden: the same numbers are always in a table
// beside the chart, which is what a screen reader reads.
import { BarChart as Chartist, type BarChartOptions } from 'chartist';
import 'chartist/dist/index.css';
import './manager.css';
import { useEffect, useRef } from 'preact/hooks';

export interface BarSeries {
  key: string;
  label: string;
  color: string;
}

export interface BarRow {
  label: string;
  values: Record<string, number>;
}

export interface BarChartProps {
  rows: BarRow[];
  series: BarSeries[];
  title: string;
  testid: string;
  /** How a value reads on the axis (e.g. money with two decimals). */
  format?: (value: number) => string;
  /** Counts of people, families, minutes: the axis shows whole numbers only. */
  integer?: boolean;
}

const ROW_PX = 40;
const BAR_PX = 26;
const LABEL_PX = 220;

/** Chartist's data for the rows: one array of values per series, rows in reading order. */
export function chartData(rows: BarRow[], series: BarSeries[]): { labels: string[]; series: number[][] } {
  return {
    labels: rows.map((r) => r.label),
    series: series.map((s) => rows.map((r) => r.values[s.key] ?? 0)),
  };
}

export function BarChart({ rows, series, title, testid, format = String, integer = true }: BarChartProps) {
  const host = useRef<HTMLDivElement>(null);
  const height = rows.length * ROW_PX + 40;
  // Redraw only when what is drawn changes, not on every render of the screen.
  const drawn = JSON.stringify([chartData(rows, series), series.map((s) => s.color), integer]);
  useEffect(() => {
    if (!host.current || rows.length === 0) return;
    const colors = series.map((s) => s.color);
    const options: BarChartOptions = {
      horizontalBars: true,
      stackBars: true,
      // Chartist draws the first label at the bottom; reversed, the list reads top to bottom.
      reverseData: true,
      height: `${height}px`,
      chartPadding: { top: 8, right: 48, bottom: 4, left: 8 },
      axisY: { offset: LABEL_PX, showGrid: false },
      axisX: { onlyInteger: integer, scaleMinSpace: 64, labelInterpolationFnc: (v: number | string) => format(Number(v)) },
    };
    const chart = new Chartist(host.current, chartData(rows, series), options);
    chart.on('draw', (data: { type: string; seriesIndex?: number; element: { attr(a: Record<string, string>): unknown } }) => {
      if (data.type !== 'bar') return;
      const color = colors[data.seriesIndex ?? 0] ?? '#444444';
      data.element.attr({ style: `stroke: ${color}; stroke-width: ${BAR_PX}px`, 'data-testid': 'chart-bar' });
    });
    return () => chart.detach();
  }, [drawn]);
  return (
    <figure class="chart" data-testid={testid}>
      <figcaption>{title}</figcaption>
      <div ref={host} class="chart-host" style={{ height: `${height}px` }} aria-hidden="true" />
      {series.length > 1 && (
        <ul class="legend">
          {series.map((s) => (
            <li key={s.key}>
              <span class="swatch" style={{ background: s.color }} aria-hidden="true" />
              {s.label}
            </li>
          ))}
        </ul>
      )}
    </figure>
  );
}
