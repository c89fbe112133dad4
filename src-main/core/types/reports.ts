// Pure data types of the reports: what core/reports produces, the CLI prints as JSON, and the renderer
// receives through the IPC contract. No runtime imports here, so the renderer's type check can read it.

export type DatePreset =
  | 'last-7-days'
  | 'last-30-days'
  | 'this-month'
  | 'last-month'
  | 'last-3-months'
  | 'last-6-months'
  | 'this-year'
  | 'last-year'
  | 'all-time';

export type UserMetric =
  | 'num_users'
  | 'num_users_added'
  | 'num_questions'
  | 'num_answers'
  | 'num_upvotes'
  | 'num_downvotes'
  | 'question_views'
  | 'time_on_site_seconds';

export type SeriesMetric =
  | 'num_questions'
  | 'num_answers'
  | 'num_upvotes'
  | 'num_downvotes'
  | 'question_views'
  | 'time_on_site_seconds'
  | 'active_users';

export interface DateRange {
  /** First day, inclusive (`YYYY-MM-DD`, bucket zone). */
  start: string;
  /** Last day, inclusive. */
  end: string;
  /** The range reaches today, whose numbers are still growing. */
  partial: boolean;
  preset?: DatePreset;
}

export type UsersLevel = 'segments' | 'groups' | 'users';

export type Metrics = Record<UserMetric, number | null>;

export interface UsersRow extends Metrics {
  /** Segment slug, `group:N` or `user:N`: the `segment` that opens this row. */
  key: string;
  name: string;
}

export interface Breadcrumb {
  label: string;
  /** The segment key that opens this level (null: the top). */
  segment: string | null;
}

export interface MetricsComparison {
  previous: Metrics;
  /** current − previous per column (null when either is null). */
  change: Metrics;
  /** Relative change in percent (null when the previous value is 0 or null). */
  change_pct: Metrics;
}

export interface UsersComparison {
  range: DateRange;
  rows: Array<{ key: string } & MetricsComparison>;
  total: MetricsComparison;
}

export interface UsersReport {
  level: UsersLevel;
  /** The segment key shown (null at the top). */
  segment: string | null;
  range: DateRange;
  rows: UsersRow[];
  /** The counters over all rows matching the search, each user counted once. */
  total: UsersRow;
  /** Number of rows matching the search (all pages). */
  row_count: number;
  page: number;
  pages: number;
  breadcrumbs: Breadcrumb[];
  compare?: UsersComparison;
}

export interface ActivityObject {
  type: 'post' | 'thread' | 'user' | null;
  id: number;
  /** question / answer / comment for posts, else null. */
  post_type: string | null;
  /** Question or thread title, answer/comment excerpt, or username; null when the object is gone. */
  title: string | null;
  /** The thread of a post or the thread itself (for links), else null. */
  thread_id: number | null;
}

export interface ActivityRow {
  id: number;
  /** ISO 8601 UTC. */
  timestamp: string;
  event_type: number;
  event: string;
  user: { id: number; username: string } | null;
  /** The user's organizations, comma-separated (null when none). */
  organization: string | null;
  /** The same organizations with their group ids (each links to its `group:N` drill-down). */
  organizations: Array<{ id: number; name: string }>;
  object: ActivityObject;
}

export interface ActivityBreadcrumb {
  filter: 'users' | 'activity' | 'content' | 'dates';
  key: string;
  label: string;
}

export interface ActivityReport {
  range: DateRange;
  rows: ActivityRow[];
  /** Cursor of the next page, null on the last one. */
  next: string | null;
  /** Matching events on all pages; computed for the first page (no cursor) unless asked. */
  total: number | null;
  breadcrumbs: ActivityBreadcrumb[];
}

export type Granularity = 'day' | 'week' | 'month';

export interface SeriesPoint {
  /** First day of the bucket. */
  date: string;
  /** Last day of the bucket (the range end clips the last one). */
  end: string;
  [metric: string]: string | number;
}

export interface SeriesReport {
  segment: string;
  range: DateRange;
  granularity: Granularity;
  metrics: SeriesMetric[];
  points: SeriesPoint[];
}

// Names the contract and the renderer use.
export type DateRangeData = DateRange;
export type UsersReportData = UsersReport;
export type UsersRowData = UsersRow;
export type MetricsData = Metrics;
export type MetricsComparisonData = MetricsComparison;
export type ActivityReportData = ActivityReport;
export type ActivityRowData = ActivityRow;
export type SeriesReportData = SeriesReport;
export type DatePresetName = DatePreset;
export type UserMetricName = UserMetric;
