// The report's chart drawn into the file as inline SVG (no script, no network): one small bar chart
// per metric over the range's days (weeks/months for long ranges), each with its own scale, so
// question views and downvotes are both readable.
import { escapeHtml } from './html';
import { formatDuration } from '../../../src-shared/duration';

export interface ChartSeries {
  label: string;
  /** Values in bucket order. */
  values: number[];
  /** Shown as h:mm:ss instead of a count. */
  duration?: boolean;
}

const W = 300;
const H = 120;
const PAD_L = 6;
const PAD_T = 22;
const PAD_B = 18;

function fmt(v: number, duration: boolean | undefined): string {
  return duration ? formatDuration(v) : v.toLocaleString('en-US');
}

/** One metric's bar chart; `labels` are the first day of each bucket. */
export function barChartSvg(series: ChartSeries, labels: readonly string[]): string {
  const n = Math.max(1, series.values.length);
  const max = Math.max(0, ...series.values);
  const total = series.values.reduce((a, b) => a + b, 0);
  const plotW = W - PAD_L * 2;
  const plotH = H - PAD_T - PAD_B;
  const step = plotW / n;
  const barW = Math.max(0.5, step * 0.8);
  const bars = series.values
    .map((v, i) => {
      if (v <= 0 || max <= 0) return '';
      const h = Math.max(0.5, (v / max) * plotH);
      const x = PAD_L + i * step + (step - barW) / 2;
      return `<rect x="${x.toFixed(2)}" y="${(PAD_T + plotH - h).toFixed(2)}" width="${barW.toFixed(2)}" height="${h.toFixed(2)}"><title>${escapeHtml(`${labels[i] ?? ''}: ${fmt(v, series.duration)}`)}</title></rect>`;
    })
    .join('');
  const first = labels[0] ?? '';
  const last = labels[labels.length - 1] ?? '';
  const summary = `${series.label}: total ${fmt(total, series.duration)}, peak ${fmt(max, series.duration)}`;
  return [
    `<svg class="chart" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${escapeHtml(summary)}">`,
    `<text x="${PAD_L}" y="12" class="t">${escapeHtml(series.label)}</text>`,
    `<text x="${W - PAD_L}" y="12" class="m" text-anchor="end">total ${escapeHtml(fmt(total, series.duration))} · peak ${escapeHtml(fmt(max, series.duration))}</text>`,
    `<line x1="${PAD_L}" y1="${PAD_T + plotH}" x2="${W - PAD_L}" y2="${PAD_T + plotH}" class="axis"/>`,
    `<g class="bars">${bars}</g>`,
    `<text x="${PAD_L}" y="${H - 4}" class="d">${escapeHtml(first)}</text>`,
    `<text x="${W - PAD_L}" y="${H - 4}" class="d" text-anchor="end">${escapeHtml(last)}</text>`,
    `</svg>`,
  ].join('');
}

export function chartsHtml(title: string, series: readonly ChartSeries[], labels: readonly string[]): string {
  return `<section class="charts"><h2>${escapeHtml(title)}</h2><div class="grid">${series.map((s) => barChartSvg(s, labels)).join('')}</div></section>`;
}
