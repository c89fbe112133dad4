// The Overview's small chart: active users per day (a line) over questions and answers (bars), and new
// members, for the range. Weekly or monthly buckets for long ranges, as the report gives them.
import { useEffect, useRef } from 'react';
import type { OverviewReportData } from '../../../src-preload/contract';
import { Chart, CHART_BEHAVIOUR, chartTheme, cssVar } from './chart-setup';

const SERIES = [
  { key: 'active_users', label: 'Active users', type: 'line', color: '--chart-1', fallback: '#2563eb' },
  { key: 'num_questions', label: 'Questions', type: 'bar', color: '--chart-2', fallback: '#16a34a' },
  { key: 'num_answers', label: 'Answers', type: 'bar', color: '--chart-3', fallback: '#ea580c' },
  { key: 'new_members', label: 'New members', type: 'line', color: '--chart-4', fallback: '#9333ea' },
] as const;

export function OverviewChart({ report }: { report: OverviewReportData }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!canvas.current) return;
    const { text, grid } = chartTheme();
    const many = report.points.length > 45;
    const chart = new Chart(canvas.current, {
      type: 'bar',
      data: {
        labels: report.points.map((p) => (p.date === p.end ? p.date : `${p.date} – ${p.end}`)),
        datasets: SERIES.map((s, i) => {
          const color = cssVar(s.color, s.fallback);
          return {
            type: s.type,
            label: s.label,
            data: report.points.map((p) => p[s.key]),
            borderColor: color,
            backgroundColor: s.type === 'bar' ? `${color}b3` : color,
            borderWidth: s.type === 'line' ? 2 : 0,
            pointRadius: many ? 0 : 2,
            cubicInterpolationMode: 'monotone' as const,
            // Lines drawn over the bars.
            order: s.type === 'line' ? 0 : i + 1,
          };
        }),
      },
      options: {
        ...CHART_BEHAVIOUR,
        scales: {
          x: { ticks: { color: text, maxTicksLimit: 10, maxRotation: 0 }, grid: { display: false } },
          y: { beginAtZero: true, ticks: { color: text, precision: 0, maxTicksLimit: 5 }, grid: { color: grid } },
        },
        plugins: { legend: { position: 'top', align: 'end', labels: { color: text, boxWidth: 12, boxHeight: 12 } } },
      },
    });
    return () => chart.destroy();
  }, [report]);
  const by = report.granularity === 'day' ? 'day' : report.granularity;
  const summary = `${report.name}: active users, questions, answers and new members by ${by}, ${report.range.start} to ${report.range.end}`;
  return (
    <div className="chart-box small">
      <canvas ref={canvas} role="img" aria-label={summary} data-testid="overview-chart" />
    </div>
  );
}
