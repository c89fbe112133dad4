// Report indexes for the Overview's answering health and new members (spread into REPORT_INDEXES).
export const HEALTH_INDEXES: ReadonlyArray<readonly [name: string, table: string, columns: string]> = [];
