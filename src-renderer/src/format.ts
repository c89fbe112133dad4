// Number, duration and label formatting shared by the views.
const numberFormat = new Intl.NumberFormat();

export const formatNumber = (n: number | null | undefined): string => (n === null || n === undefined ? '—' : numberFormat.format(n));

/** Seconds as h:mm:ss (time on site). */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return '—';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return `${h}:${String(m).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

export const formatMetric = (metric: string, v: number | null | undefined) => (metric === 'time_on_site_seconds' ? formatDuration(v) : formatNumber(v));

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

export const JOB_LABELS: Record<string, string> = {
  compile: 'Compile',
  createGroups: 'Create organizations',
  seedEvents: 'Seed analytics content',
  seedDemo: 'Building the demo forum',
  export: 'Export',
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
