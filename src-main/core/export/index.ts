// Offline exports (DESIGN.md §9): CSV, XLSX and self-contained HTML files from the Users levels and
// the Activity log, and "Export all". Used by the CLI (`export`) and the app's export job.
export { exportUsers, type UsersExportOptions } from './users';
export { exportActivity, type ActivityExportOptions } from './activity';
export { exportAll, type AllExportOptions } from './all';
export { exportOverview, exportRetention, type OverviewExportOptions, type RetentionExportOptions } from './overview';
export { suggestedFileName, fileSlug, type ExportKind } from './filename';
export { escapeFormula } from './cells';
export { EXPORT_FORMATS, type ExportFormat, type ExportResult, type ExportJobOptions } from './types';
