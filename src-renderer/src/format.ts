// Number, duration and label formatting shared by the views.
import type { JobKind } from '../../src-preload/contract';
import { formatDuration, formatDurationWords } from '../../src-shared/duration';

const numberFormat = new Intl.NumberFormat();

export const formatNumber = (n: number | null | undefined): string => (n === null || n === undefined ? '—' : numberFormat.format(n));

/** A counter or, for time on site, a duration as h:mm:ss (as the exports and the command line write it). */
export const formatMetric = (metric: string, v: number | null | undefined) => (metric === 'time_on_site_seconds' ? formatDuration(v, '—') : formatNumber(v));

export const METRIC_LABELS: Record<string, string> = {
  num_users: 'Users',
  num_users_added: 'Users added',
  num_questions: 'Questions',
  num_answers: 'Answers',
  num_upvotes: 'Upvotes',
  num_downvotes: 'Downvotes',
  question_views: 'Question views',
  time_on_site_seconds: 'Time on site',
};
export const METRICS = Object.keys(METRIC_LABELS);

export const PRESET_LABELS: Record<string, string> = {
  'last-7-days': 'Last 7 days',
  'last-30-days': 'Last 30 days',
  'this-month': 'This month',
  'last-month': 'Last month',
  'last-3-months': 'Last 3 months',
  'last-6-months': 'Last 6 months',
  'this-year': 'This year',
  'last-year': 'Last year',
  'all-time': 'All time',
};

export const JOB_LABELS: Record<JobKind, string> = {
  compile: 'Compile',
  createGroups: 'Create organizations',
  seedEvents: 'Seed analytics content',
  seedDemo: 'Building the demo forum',
  export: 'Export',
  exportPdf: 'PDF export',
};

/** A local date-time for a stored ISO instant. */
export function formatTime(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString();
}

/** A stored ISO instant as a local clock time (hours and minutes). */
export function formatClock(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
}

/** A stored ISO instant as its local date. */
export function formatDay(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
}

const oneDecimal = new Intl.NumberFormat(undefined, { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** A fraction 0..1 as a percentage with one decimal ("42.5%"). */
export const formatShare = (f: number | null | undefined): string => (f === null || f === undefined ? '—' : `${oneDecimal.format(f * 100)}%`);

/** An average (DAU, WAU, MAU): one decimal. */
export const formatAverage = (n: number | null | undefined): string => (n === null || n === undefined ? '—' : oneDecimal.format(n));

/** Seconds in words a moderator reads at a glance: "45 s", "12 min", "3 h 05 min", "2 d 4 h". */
export const formatSpan = (seconds: number | null | undefined): string => formatDurationWords(seconds, '—');

/** How each kind of figure is written: counts, averages, shares (fractions) and durations (seconds). */
export type FigureKind = 'count' | 'average' | 'share' | 'duration';

export function formatFigure(kind: FigureKind, v: number | null | undefined): string {
  switch (kind) {
    case 'count':
      return formatNumber(v === null || v === undefined ? v : Math.round(v));
    case 'average':
      return formatAverage(v);
    case 'share':
      return formatShare(v);
    case 'duration':
      return formatSpan(v);
  }
}

/**
 * A figure's change from the previous period, signed: counts and averages in their own unit, durations
 * as a span, shares in percentage points ("+4.2 pts"). Null when there is nothing to compare.
 */
export function formatChange(kind: FigureKind, change: number | null | undefined): string | null {
  if (change === null || change === undefined) return null;
  const sign = change > 0 ? '+' : change < 0 ? '−' : '±';
  const abs = Math.abs(change);
  if (kind === 'share') return `${sign}${oneDecimal.format(abs * 100)} pts`;
  return `${sign}${formatFigure(kind, abs)}`;
}

/** A relative change in percent, signed ("+12.5%"); null when undefined (nothing before). */
export function formatChangePct(pct: number | null | undefined): string | null {
  if (pct === null || pct === undefined) return null;
  const sign = pct > 0 ? '+' : pct < 0 ? '−' : '±';
  return `${sign}${oneDecimal.format(Math.abs(pct))}%`;
}

/** `YYYY-MM` as a short month name and year ("Aug 2026"), in UTC so the label never shifts a month. */
export function formatMonth(month: string): string {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  if (!m) return month;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 1));
  return d.toLocaleDateString(undefined, { year: 'numeric', month: 'short', timeZone: 'UTC' });
}
