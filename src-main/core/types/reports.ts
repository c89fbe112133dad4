// Pure data types of the reports: what core/reports produces, the CLI prints as JSON, and the renderer
// receives through the IPC contract. No runtime imports here, so the renderer's type check can read it.

export type DatePreset =
  'last-7-days' | 'last-30-days' | 'this-month' | 'last-month' | 'last-3-months' | 'last-6-months' | 'this-year' | 'last-year' | 'all-time';

export type UserMetric =
  'num_users' | 'num_users_added' | 'num_questions' | 'num_answers' | 'num_upvotes' | 'num_downvotes' | 'question_views' | 'time_on_site_seconds';

export type SeriesMetric = 'num_questions' | 'num_answers' | 'num_upvotes' | 'num_downvotes' | 'question_views' | 'time_on_site_seconds' | 'active_users';

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
  /** Administrators, moderators and superusers are left out (the EXCLUDE_STAFF switch); say so in the header. */
  excludeStaff: boolean;
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
  /** Events of administrators, moderators and superusers are left out (EXCLUDE_STAFF). */
  excludeStaff: boolean;
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
  /** Staff left out (EXCLUDE_STAFF). */
  excludeStaff: boolean;
}

// ---- Overview, retention cohorts, questions (issue 14) -------------------------------------------

/**
 * Where a figure or a top-list entry leads: the Activity log with these filters, the list of questions
 * (report/questions), or the Users view at a segment. `dates` is always the exact `start..end` of the
 * period the figure covers (the previous period's figures link to the previous period).
 */
export type ReportLink =
  | { view: 'activity'; activity: string; users: string; content?: string; dates: string }
  | { view: 'questions'; which: QuestionsFilter; segment: string; dates: string }
  | { view: 'users'; segment: string; dates: string };

/** One figure with the previous period beside it. */
export interface Figure {
  /** null when undefined for the period (e.g. a share of 0 questions, a median of no answered question). */
  value: number | null;
  previous: number | null;
  /** value − previous (null when either is null). Shares change in fractions (0.05 = 5 percentage points). */
  change: number | null;
  /** Relative change in percent, one decimal (null when previous is 0 or null). */
  change_pct: number | null;
  /** Where the current value leads (null: nowhere). */
  link: ReportLink | null;
  /** Where the previous value leads. */
  previous_link: ReportLink | null;
}

/**
 * The Overview's figures (README, "Overview", defines each). Counts are whole numbers; averages are
 * fractional; `*_share`, `activation_rate` and `stickiness` are fractions 0..1; durations are seconds.
 */
export const OVERVIEW_FIGURES = [
  // active users
  'active_users',
  'dau',
  'wau',
  'mau',
  'stickiness',
  // new members
  'new_members',
  'activated_members',
  'activation_rate',
  // activity counted by the compiler
  'num_questions',
  'num_answers',
  'num_votes',
  'question_views',
  'time_on_site_seconds',
  'time_on_site_per_active_user_seconds',
  // answering health, from askbot_post / askbot_thread
  'questions',
  'answered_24h',
  'answered_24h_share',
  'answered',
  'answered_share',
  'median_first_answer_seconds',
  'unanswered',
] as const;
export type OverviewFigureKey = (typeof OVERVIEW_FIGURES)[number];

/** One point of the Overview's small chart (a day; a week or month for ranges over 92 / 366 days). */
export interface OverviewPoint {
  /** First day of the bucket. */
  date: string;
  /** Last day of the bucket (the range end clips the last one). */
  end: string;
  /** Distinct active users in the bucket. */
  active_users: number;
  new_members: number;
  num_questions: number;
  num_answers: number;
}

export interface OverviewTopUser {
  user: { id: number; username: string };
  /** Questions (askers) or answers (answerers) in the range, as the compiler counted them. */
  count: number;
  /** The Activity log of this user, filtered to the counted activity and the range. */
  link: ReportLink;
}

export interface OverviewTopQuestion {
  /** The question post (the object of "question viewed" events). */
  post_id: number;
  /** Its thread (null when the post is gone). */
  thread_id: number | null;
  /** The thread's title (null when the post or thread is gone). */
  title: string | null;
  /** Question-viewed events of the range (by the population's users). */
  views: number;
  /** The Activity log of this question's views in the range. */
  link: ReportLink;
}

export interface OverviewReport {
  /** The users segment the figures cover (`all-users`, a slug, `group:N`, `user:N`) and its name. */
  segment: string;
  name: string;
  range: DateRange;
  /** The period of equal length just before `range`. */
  previous_range: DateRange;
  excludeStaff: boolean;
  /** Why the figures are empty when the segment's one user is left out (blocked, or staff left out); else absent. */
  note?: string;
  /** The zone whose calendar days the figures use (UTC, or TIME_ZONE when USE_TZ is false). */
  zone: string;
  figures: Record<OverviewFigureKey, Figure>;
  granularity: Granularity;
  /** The chart of the range, zero-filled. */
  points: OverviewPoint[];
  /** Top 10 of the range each (fewer when fewer have any); ties by name / id. */
  top: {
    askers: OverviewTopUser[];
    answerers: OverviewTopUser[];
    viewed: OverviewTopQuestion[];
  };
}

export interface RetentionCohort {
  /** The join month, `YYYY-MM`. */
  month: string;
  /** Members who joined in that month (blocked users and, when left out, staff not counted). */
  size: number;
  /** Members active in the join month ([0]) and each following month ([k]) up to today's month. */
  active: number[];
  /** active / size per month (null when the cohort is empty). */
  share: Array<number | null>;
}

export interface RetentionReport {
  segment: string;
  name: string;
  /** The range that picked the cohorts: every join month it touches. */
  range: DateRange;
  excludeStaff: boolean;
  /** Why the cohorts are empty when the segment's one user is left out (blocked, or staff left out); else absent. */
  note?: string;
  zone: string;
  /** Today's month (`YYYY-MM`): its column is still partial. */
  current_month: string;
  /** Columns: month offsets 0 … months-1 (the oldest cohort's length). */
  months: number;
  /** Oldest first. */
  cohorts: RetentionCohort[];
  /** Per month offset: Σ active / Σ size over the cohorts that have reached it (null when none has members). */
  average: Array<number | null>;
}

/** Which questions of a range report/questions lists. */
export type QuestionsFilter = 'asked' | 'answered' | 'answered-24h' | 'unanswered';

export interface QuestionRow {
  post_id: number;
  thread_id: number;
  title: string;
  author: { id: number; username: string } | null;
  /** ISO 8601 UTC. */
  asked_at: string;
  /** The first counted answer (ISO 8601 UTC), null when none. */
  first_answer_at: string | null;
  /** Seconds from the question to its first counted answer (null when none). */
  first_answer_seconds: number | null;
  /** Counted answers (not deleted, not by the asker; staff's left out when EXCLUDE_STAFF). */
  answers: number;
  /** askbot_thread.view_count (all time). */
  views: number;
  closed: boolean;
  /** The Activity log of the thread (all its posts) over the range. */
  link: ReportLink;
}

export interface QuestionsReport {
  segment: string;
  name: string;
  range: DateRange;
  excludeStaff: boolean;
  which: QuestionsFilter;
  /** Newest first. */
  rows: QuestionRow[];
  row_count: number;
  page: number;
  pages: number;
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
export type OverviewReportData = OverviewReport;
export type RetentionReportData = RetentionReport;
export type QuestionsReportData = QuestionsReport;
export type FigureData = Figure;
export type ReportLinkData = ReportLink;
