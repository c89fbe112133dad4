// Pure data types of the reports, shared with the renderer through the IPC contract (no runtime
// imports here). The report modules in core/reports produce exactly these shapes.

export type DatePresetName =
  | 'last-7-days'
  | 'last-30-days'
  | 'this-month'
  | 'last-month'
  | 'last-3-months'
  | 'last-6-months'
  | 'this-year'
  | 'last-year'
  | 'all-time';

export interface DateRangeData {
  /** First day, inclusive (`YYYY-MM-DD`, bucket zone). */
  start: string;
  /** Last day, inclusive. */
  end: string;
  /** The range reaches today, whose numbers are still growing. */
  partial: boolean;
  preset?: DatePresetName;
}

export type UserMetricName =
  | 'num_users'
  | 'num_users_added'
  | 'num_questions'
  | 'num_answers'
  | 'num_upvotes'
  | 'num_downvotes'
  | 'question_views'
  | 'time_on_site_seconds';

export type MetricsData = Record<UserMetricName, number | null>;

export interface UsersRowData extends MetricsData {
  key: string;
  name: string;
}

export interface MetricsComparisonData {
  previous: MetricsData;
  change: MetricsData;
  change_pct: MetricsData;
}

export interface UsersReportData {
  level: 'segments' | 'groups' | 'users';
  segment: string | null;
  range: DateRangeData;
  rows: UsersRowData[];
  total: UsersRowData;
  row_count: number;
  page: number;
  pages: number;
  breadcrumbs: Array<{ label: string; segment: string | null }>;
  compare?: { range: DateRangeData; rows: Array<{ key: string } & MetricsComparisonData>; total: MetricsComparisonData };
}

export interface ActivityRowData {
  id: number;
  timestamp: string;
  event_type: number;
  event: string;
  user: { id: number; username: string } | null;
  organization: string | null;
  object: { type: 'post' | 'thread' | 'user' | null; id: number; post_type: string | null; title: string | null; thread_id: number | null };
}

export interface ActivityReportData {
  range: DateRangeData;
  rows: ActivityRowData[];
  next: string | null;
  total: number | null;
  breadcrumbs: Array<{ filter: 'users' | 'activity' | 'content' | 'dates'; key: string; label: string }>;
}

export interface SeriesReportData {
  segment: string;
  range: DateRangeData;
  granularity: 'day' | 'week' | 'month';
  metrics: string[];
  points: Array<{ date: string; end: string; [metric: string]: string | number }>;
}
