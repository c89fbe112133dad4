// What every export format shares: the columns of a table and how one value is written as text.
// Each format turns the same typed cells into its own representation (CSV text, XLSX typed cells,
// HTML), so a report reads the same in all three.
import { formatDuration } from '../../../src-shared/duration';

/** `text`: a string; `int`: a count; `seconds`: a duration as whole seconds; `duration`: the same
 * value shown as h:mm:ss (a time cell in XLSX); `datetime`: an ISO 8601 UTC instant; `number`: any
 * number (an average, or figures of mixed units), written in full; `share`: a fraction 0..1, written in
 * full in CSV, as a percentage cell in XLSX and as a percentage in HTML. */
export type ColumnKind = 'text' | 'int' | 'seconds' | 'duration' | 'datetime' | 'number' | 'share';

export interface Column {
  header: string;
  kind: ColumnKind;
  /** Width hint in characters (XLSX). */
  width?: number;
}

/** A cell: text, a number (int/seconds/duration), an ISO string (datetime), or empty. */
export type Cell = string | number | null;

export interface TableSpec {
  /** Sheet name (XLSX) and section id (HTML). */
  name: string;
  title: string;
  columns: Column[];
}

/**
 * Spreadsheet formula injection (OWASP "CSV injection"): a text value starting with = + - @, a tab
 * or a carriage return may be run as a formula by Excel/LibreOffice. Such values get a leading
 * apostrophe, which spreadsheets show as plain text and which a reader can strip back.
 */
export function escapeFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** A cell as a person reads it (HTML): shares in percent with one decimal, other numbers as CSV writes them. */
export function displayText(kind: ColumnKind, v: Cell): string {
  if (kind === 'share' && v !== null && v !== undefined) return `${(Number(v) * 100).toFixed(1)}%`;
  return cellText(kind, v);
}

/** A cell as the text CSV and HTML show (formula escaping is the caller's: HTML needs none). */
export function cellText(kind: ColumnKind, v: Cell): string {
  if (v === null || v === undefined) return '';
  if (kind === 'duration') return formatDuration(Number(v));
  return String(v);
}
