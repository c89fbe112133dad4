// Pure data types shared with the renderer through the IPC contract: no runtime imports here.

export interface DbStatus {
  engine: 'sqlite' | 'postgres';
  database: string;
  read_only: boolean;
  schema: { askbot: boolean; analytics: boolean; missing_tables: string[]; missing_columns: string[] };
  counts: {
    /** Exact counts (small tables). */
    users: number;
    groups: number;
    analytics_groups: number;
    /** The highest session id: the sessions recorded so far (rows deleted since are not subtracted). */
    sessions: number;
    /** The highest event id: the events recorded so far (rows deleted since are not subtracted). */
    events: number;
    /** Exact: the events the next compile will summarize. */
    unsummarized_events: number;
  } | null;
  /**
   * Per summary table, the newest bucket it holds (ISO 8601 UTC start of the hour for the hourly tables,
   * the date for the daily ones), null when empty.
   */
  summaries_through: Record<string, string | null> | null;
  /** The newest compiled hour (ISO 8601 UTC start of the hour), null before the first compile. */
  compiled_through: string | null;
}
