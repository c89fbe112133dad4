// Pure data types shared with the renderer through the IPC contract: no runtime imports here.

export interface DbStatus {
  engine: 'sqlite' | 'postgres';
  database: string;
  read_only: boolean;
  schema: { askbot: boolean; analytics: boolean; missing_tables: string[]; missing_columns: string[] };
  counts: {
    users: number;
    groups: number;
    analytics_groups: number;
    sessions: number;
    events: number;
    unsummarized_events: number;
  } | null;
  summaries: Record<string, number> | null;
  /** The newest compiled hour (ISO 8601 UTC start of the hour), null before the first compile. */
  compiled_through: string | null;
}

