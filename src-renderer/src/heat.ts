// Pure helpers of the Retention heat map (unit-tested under Node).

/** `YYYY-MM` plus k months. */
export function addMonths(month: string, k: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const n = y * 12 + (m - 1) + k;
  return `${Math.floor(n / 12)}-${String((n % 12) + 1).padStart(2, '0')}`;
}

/** How much of the accent a share puts into the cell: 8% for nobody active to 92% for everyone, so an empty cell still reads as a cell. */
export function heatMix(share: number): number {
  return Math.round(8 + Math.min(1, Math.max(0, share)) * 84);
}

/**
 * The cell's shade: the accent mixed into the panel colour in proportion to the share, so the scale
 * reads the same in the light and the dark theme. Strong cells take the theme's heat text colour.
 */
export function heatStyle(share: number): { background: string; color: string } {
  const pct = heatMix(share);
  return { background: `color-mix(in srgb, var(--heat) ${pct}%, var(--panel))`, color: pct >= 52 ? 'var(--heat-text)' : 'var(--text)' };
}
