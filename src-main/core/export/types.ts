// Options and results of the exports (DESIGN.md §9), shared by the app's export job and the CLI.
import type { NowInput } from '../reports';
import type { ExportFormat, ExportResult, JobControls } from '../types/jobs';

export const EXPORT_FORMATS: readonly ExportFormat[] = ['csv', 'xlsx', 'html'];

export type { ExportFormat, ExportResult };

/** `signal`: stops at the next batch; the partial file is deleted and AppError CANCELLED thrown. */
export interface ExportJobOptions extends JobControls {
  /** The file to write. It appears only when complete (written to a temp file, then renamed). */
  out: string;
  /** Replace an existing file (default false: an existing `out` is refused before any work). */
  overwrite?: boolean;
  /** Evaluate date presets at this instant (default: the wall clock). */
  now?: NowInput;
  /** CSV only: start with a UTF-8 byte order mark so Excel reads UTF-8 (default true). */
  bom?: boolean;
  /** XLSX: data rows per sheet before a table continues on the next sheet (default Excel's limit). */
  xlsxMaxRows?: number;
  /** Users levels are read this many rows per query (default EXPORT_PAGE_SIZE; tests use small pages). */
  pageSize?: number;
}
