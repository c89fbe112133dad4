// CSV per RFC 4180: CRLF line ends, a header row, fields quoted when they hold a comma, a quote, CR
// or LF (quotes doubled). UTF-8 with a byte order mark by default: without it Excel reads the file
// as the local ANSI code page and garbles non-Latin names; other readers skip the BOM.
import { cellText, escapeFormula, type Cell, type Column } from './cells';
import type { FileSink } from './file';

const BOM = '\uFEFF';

export function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One record with its CRLF. Text cells are escaped against formula injection; numbers are not text. */
export function csvRecord(columns: readonly Column[], cells: readonly Cell[]): string {
  return (
    columns
      .map((c, i) => {
        const v = cells[i] ?? null;
        const text = cellText(c.kind, v);
        return csvField(c.kind === 'text' ? escapeFormula(text) : text);
      })
      .join(',') + '\r\n'
  );
}

export class CsvTableWriter {
  constructor(
    private readonly sink: FileSink,
    private readonly columns: readonly Column[],
  ) {}

  async begin(bom: boolean): Promise<void> {
    await this.sink.write((bom ? BOM : '') + this.columns.map((c) => csvField(escapeFormula(c.header))).join(',') + '\r\n');
  }

  async rows(rows: ReadonlyArray<readonly Cell[]>): Promise<void> {
    if (rows.length) await this.sink.write(rows.map((r) => csvRecord(this.columns, r)).join(''));
  }
}
