// A chart.js chart of the selected metrics over the range (chart-setup.ts registers the components used).
import { useEffect, useRef } from 'react';
import type { SeriesReportData } from '../../../src-preload/contract';
import { METRIC_LABELS } from '../format';
import { Chart, CHART_BEHAVIOUR, chartTheme } from './chart-setup';

const PALETTE = ['#2563eb', '#16a34a', '#dc2626', '#9333ea', '#ea580c', '#0891b2', '#ca8a04', '#db2777'];

export function SeriesChart({ series, type, label }: { series: SeriesReportData; type: 'line' | 'bar'; label: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!canvas.current) return;
    const { text, grid } = chartTheme();
    const chart = new Chart(canvas.current, {
      type,
      data: {
        labels: series.points.map((p) => p.date),
        datasets: series.metrics.map((m, i) => ({
          label: METRIC_LABELS[m] ?? m,
          data: series.points.map((p) => {
            const v = Number(p[m] ?? 0);
            return m === 'time_on_site_seconds' ? Math.round(v / 60) : v;
          }),
          borderColor: PALETTE[i % PALETTE.length],
          backgroundColor: PALETTE[i % PALETTE.length],
          cubicInterpolationMode: 'monotone' as const,
          pointRadius: series.points.length > 60 ? 0 : 2,
        })),
      },
      options: {
        ...CHART_BEHAVIOUR,
        scales: {
          x: { ticks: { color: text, maxTicksLimit: 12 }, grid: { color: grid } },
          y: { beginAtZero: true, ticks: { color: text, precision: 0 }, grid: { color: grid } },
        },
        plugins: { legend: { labels: { color: text } } },
      },
    });
    return () => chart.destroy();
  }, [series, type]);
  const summary = `${label}: ${series.metrics.map((m) => METRIC_LABELS[m] ?? m).join(', ')} by ${series.granularity}, ${series.range.start} to ${series.range.end}`;
  return (
    <div className="chart-box">
      <canvas ref={canvas} role="img" aria-label={summary} data-testid="series-chart" />
    </div>
  );
}
