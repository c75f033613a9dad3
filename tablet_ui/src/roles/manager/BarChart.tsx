// Horizontal bar charts for the manager's dashboards, drawn by Chartist (SVG; bundled by Vite,
// nothing loaded at run time — see the README for why this library). One bar per row, one
// segment per series (stacked). The SVG is aria-hidden: the same numbers are always in a table
// beside the chart, which is what a screen reader reads; each segment shows its row, series and
// value on hover (an SVG <title>). tests/e2e/test_manager_charts.py measures the bars against
// the table.
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

interface SvgNode {
  attr(a: Record<string, string>): unknown;
  elem(name: string): SvgNode;
  text(t: string): unknown;
}

interface BarDraw {
  type: string;
  seriesIndex?: number;
  index?: number;
  element: SvgNode;
}

const ROW_PX = 40;
const BAR_PX = 26;
const LABEL_PX = 220;

/** Chartist's data for the rows: one array of values per series, in the series' order (so a
 * segment's series index is its legend entry), the rows bottom-up, since Chartist draws the first
 * label at the bottom: the chart then reads top to bottom like the table. (Chartist's own
 * `reverseData` reverses the series too, which painted each value in another series' colour.) */
export function chartData(rows: BarRow[], series: BarSeries[]): { labels: string[]; series: number[][] } {
  const bottomUp = [...rows].reverse();
  return {
    labels: bottomUp.map((r) => r.label),
    series: series.map((s) => bottomUp.map((r) => r.values[s.key] ?? 0)),
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
      height: `${height}px`,
      chartPadding: { top: 8, right: 48, bottom: 4, left: 8 },
      axisY: { offset: LABEL_PX, showGrid: false },
      axisX: { onlyInteger: integer, scaleMinSpace: 64, labelInterpolationFnc: (v: number | string) => format(Number(v)) },
    };
    const data = chartData(rows, series);
    const chart = new Chartist(host.current, data, options);
    chart.on('draw', (drawn: BarDraw) => {
      if (drawn.type !== 'bar') return;
      const s = drawn.seriesIndex ?? 0;
      const color = colors[s] ?? '#444444';
      const value = data.series[s]?.[drawn.index ?? 0] ?? 0;
      drawn.element.attr({ style: `stroke: ${color}; stroke-width: ${BAR_PX}px`, 'data-testid': 'chart-bar',
                           'data-series': series[s]?.key ?? '' });
      drawn.element.elem('title').text(`${data.labels[drawn.index ?? 0]} — ${series[s]?.label ?? ''}: ${format(value)}`);
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
