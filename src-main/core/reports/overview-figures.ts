// How the Overview's figures are named and written wherever they leave the app as text: the command
// line's tables and the export files (CSV, XLSX, HTML). The numbers themselves are reportOverview's;
// the README's "Overview" section defines each one.
import { formatDuration } from '../../../src-shared/duration';
import { OVERVIEW_FIGURES, type Figure, type OverviewFigureKey, type OverviewReport } from '../types/reports';

/** `count`: a whole number; `average`: a mean of counts; `share`: a fraction 0..1; `seconds`: a duration. */
export type FigureUnit = 'count' | 'average' | 'share' | 'seconds';

export const OVERVIEW_SECTIONS = ['Active users', 'New members', 'Activity', 'Answering'] as const;
export type OverviewSection = (typeof OVERVIEW_SECTIONS)[number];

export const OVERVIEW_FIGURE_INFO: Record<OverviewFigureKey, { label: string; unit: FigureUnit; section: OverviewSection }> = {
  active_users: { label: 'Active users', unit: 'count', section: 'Active users' },
  dau: { label: 'Daily active users (average)', unit: 'average', section: 'Active users' },
  wau: { label: 'Weekly active users (average)', unit: 'average', section: 'Active users' },
  mau: { label: 'Monthly active users (average)', unit: 'average', section: 'Active users' },
  stickiness: { label: 'Stickiness (DAU / MAU)', unit: 'share', section: 'Active users' },
  new_members: { label: 'New members', unit: 'count', section: 'New members' },
  activated_members: { label: 'Activated in their first 7 days', unit: 'count', section: 'New members' },
  activation_rate: { label: 'Activation rate', unit: 'share', section: 'New members' },
  num_questions: { label: 'Questions asked', unit: 'count', section: 'Activity' },
  num_answers: { label: 'Answers posted', unit: 'count', section: 'Activity' },
  num_votes: { label: 'Votes', unit: 'count', section: 'Activity' },
  question_views: { label: 'Question views', unit: 'count', section: 'Activity' },
  time_on_site_seconds: { label: 'Time on site', unit: 'seconds', section: 'Activity' },
  time_on_site_per_active_user_seconds: { label: 'Time on site per active user', unit: 'seconds', section: 'Activity' },
  questions: { label: 'Questions (not deleted)', unit: 'count', section: 'Answering' },
  answered_24h: { label: 'Answered within 24 hours', unit: 'count', section: 'Answering' },
  answered_24h_share: { label: 'Share answered within 24 hours', unit: 'share', section: 'Answering' },
  answered: { label: 'Answered', unit: 'count', section: 'Answering' },
  answered_share: { label: 'Share answered', unit: 'share', section: 'Answering' },
  median_first_answer_seconds: { label: 'Median time to the first answer', unit: 'seconds', section: 'Answering' },
  unanswered: { label: 'Still unanswered (not closed)', unit: 'count', section: 'Answering' },
};

/** A figure's value as text: shares in percent with one decimal, averages with one decimal, durations h:mm:ss. */
export function figureText(unit: FigureUnit, v: number | null): string {
  if (v === null) return '–';
  switch (unit) {
    case 'count':
      return String(v);
    case 'average':
      return v.toFixed(1);
    case 'share':
      return `${(v * 100).toFixed(1)}%`;
    case 'seconds':
      return formatDuration(v);
  }
}

/** The change as text: signed, shares in percentage points. */
export function changeText(unit: FigureUnit, v: number | null): string {
  if (v === null) return '–';
  const sign = v > 0 ? '+' : v < 0 ? '-' : '±';
  const abs = Math.abs(v);
  if (unit === 'share') return `${sign}${(abs * 100).toFixed(1)} pt`;
  return sign + figureText(unit, abs);
}

export function changePctText(v: number | null): string {
  return v === null ? '–' : `${v > 0 ? '+' : ''}${v.toFixed(1)}%`;
}

/** The figures in display order, each with its label, unit and section. */
export function overviewFigureRows(
  r: OverviewReport,
): Array<{ key: OverviewFigureKey; label: string; unit: FigureUnit; section: OverviewSection; figure: Figure }> {
  return OVERVIEW_FIGURES.map((key) => ({ key, ...OVERVIEW_FIGURE_INFO[key], figure: r.figures[key] }));
}
