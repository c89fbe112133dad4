// The reports shared by the desktop app (IPC handlers), the CLI and the exports.
export { DATE_PRESETS, resolveDateRange, previousPeriod, todayIn, addDays, daysInRange, type DatePreset, type DateRange } from './dates';
export {
  reportUsers,
  USER_METRICS,
  USERS_SORT_FIELDS,
  PAGE_SIZE,
  type UsersReport,
  type UsersRow,
  type UsersQuery,
  type UsersLevel,
  type Breadcrumb,
} from './users';
export {
  reportActivity,
  iterateActivity,
  ACTIVITY_SEGMENTS,
  ACTIVITY_SEGMENT_KEYS,
  EVENT_LABELS,
  type ActivityReport,
  type ActivityRow,
  type ActivityQuery,
  type ActivityFilters,
  type ActivitySegment,
} from './activity';
export { reportSeries, SERIES_METRICS, granularityFor, type SeriesReport, type SeriesQuery, type SeriesPoint, type Granularity } from './series';
export { ALL_USERS } from './segments';
export type { NowInput } from './report-range';
export { reportOverview, type OverviewQuery } from './overview';
export { reportRetention, type RetentionQuery } from './retention';
export { reportQuestions, type QuestionsQuery } from './questions';
