// What the app's chart.js charts share: the components they use (registered once), the theme's colours
// and the behaviour every chart has.
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip } from 'chart.js';

Chart.register(LineController, BarController, LineElement, BarElement, PointElement, CategoryScale, LinearScale, Tooltip, Legend);

export { Chart };

/** A CSS custom property of the page (the theme), or `fallback` when it is not set. */
export function cssVar(name: string, fallback: string): string {
  const v = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  return v || fallback;
}

/** The theme's colours for axis text and grid lines. */
export function chartTheme(): { text: string; grid: string } {
  return { text: cssVar('--muted', '#5d6778'), grid: cssVar('--border', '#dde1e8') };
}

/** Drawn at once (no animation), filling its box, the tooltip listing every dataset at the hovered point. */
export const CHART_BEHAVIOUR = {
  animation: false,
  responsive: true,
  maintainAspectRatio: false,
  interaction: { mode: 'index', intersect: false },
} as const;
