// Report indexes for the Overview's answering health and new members (spread into REPORT_INDEXES).
import type { ReportIndex } from './indexes';

export const HEALTH_INDEXES: readonly ReportIndex[] = [];
