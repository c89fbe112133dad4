// Report indexes for the Overview's top askers, answerers and most-viewed questions (spread into REPORT_INDEXES).
import type { ReportIndex } from './indexes';

export const TOP_INDEXES: readonly ReportIndex[] = [];
