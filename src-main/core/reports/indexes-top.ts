// Report indexes for the Overview's top askers, answerers and most-viewed questions (spread into REPORT_INDEXES).
export const TOP_INDEXES: ReadonlyArray<readonly [name: string, table: string, columns: string]> = [];
