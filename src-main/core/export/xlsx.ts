// XLSX through exceljs's streaming WorkbookWriter: rows are committed as they come and flow through
// the zip to the file, so a million-row sheet needs no more memory than a batch. Counts are number
// cells, durations are time cells ([h]:mm:ss, a fraction of a day), instants are date cells (UTC),
// text is escaped against formula injection. Each sheet has a frozen header and an auto-filter; the
// "About" sheet says what the file holds.
import { once, type EventEmitter } from 'node:events';
import ExcelJS from 'exceljs';
import { escapeFormula, type Cell, type Column, type TableSpec } from './cells';
import { FileSink, yieldToLoop } from './file';

const SECONDS_PER_DAY = 86_400;
const FLUSH_ROWS = 250;
const ZIP_INPUT_MAX = 4 * 1024 * 1024;
const NUM_FMT: Partial<Record<Column['kind'], string>> = {
  int: '0',
  seconds: '0',
  duration: '[h]:mm:ss',
  datetime: 'yyyy-mm-dd hh:mm:ss',
  share: '0.0%',
};

/** Excel's sheet names: at most 31 characters, none of : \ / ? * [ ]. */
export function sheetName(text: string): string {
  return text.replace(/[:\\/?*[\]]/g, ' ').slice(0, 31) || 'Sheet';
}

function columnLetter(n: number): string {
  let s = '';
  for (let i = n; i > 0; i = Math.floor((i - 1) / 26)) s = String.fromCharCode(65 + ((i - 1) % 26)) + s;
  return s;
}

export function xlsxValue(c: Column, v: Cell): ExcelJS.CellValue {
  if (v === null || v === undefined) return null;
  switch (c.kind) {
    case 'text':
      return escapeFormula(String(v));
    case 'int':
    case 'seconds':
    case 'number':
    case 'share':
      return Number(v);
    case 'duration':
      return Number(v) / SECONDS_PER_DAY;
    case 'datetime':
      return new Date(String(v));
  }
}

export class XlsxSheetWriter {
  constructor(
    private readonly book: XlsxBookWriter,
    private readonly sheet: ExcelJS.Worksheet,
    private readonly columns: readonly Column[],
  ) {}

  async rows(rows: ReadonlyArray<readonly Cell[]>, opts: { bold?: boolean } = {}): Promise<void> {
    let pending = 0;
    for (const r of rows) {
      const row = this.sheet.addRow(this.columns.map((c, i) => xlsxValue(c, r[i] ?? null)));
      if (opts.bold) row.font = { bold: true };
      row.commit();
      // exceljs buffers committed rows until the zip reads them; letting it read every few hundred
      // rows keeps that buffer (and the cost of copying it) small whatever the batch size.
      if (++pending === FLUSH_ROWS) {
        pending = 0;
        await this.book.flush(this.sheet);
      }
    }
    await this.book.flush(this.sheet);
  }

  async end(): Promise<void> {
    this.sheet.commit();
    await this.book.flush();
  }
}

export class XlsxBookWriter {
  private readonly sink: FileSink;
  private readonly book: ExcelJS.stream.xlsx.WorkbookWriter;
  constructor(path: string) {
    this.sink = new FileSink(path);
    this.book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: this.sink.stream, useStyles: true, useSharedStrings: false });
    this.book.creator = 'Askbot Analytics Console';
    this.book.created = new Date();
  }

  /**
   * Lets the zip and the file catch up with the committed rows before more are produced. exceljs
   * pushes each sheet's XML into the zip's input without waiting for it; when compression falls
   * behind (SQLite answers synchronously, so the loop rarely waits on I/O) that input would grow
   * without bound, so it is drained here once it holds more than a few megabytes.
   */
  async flush(sheet?: ExcelJS.Worksheet): Promise<void> {
    await yieldToLoop();
    const pipes = (sheet as unknown as { stream?: { pipes?: unknown[] } } | undefined)?.stream?.pipes ?? [];
    for (const p of pipes) {
      // archiver's input is a readable-stream (v2) PassThrough: read its writable state directly.
      const state = (p as { _writableState?: { length?: number; needDrain?: boolean } })._writableState;
      if (state && (state.length ?? 0) > ZIP_INPUT_MAX && state.needDrain) await once(p as EventEmitter, 'drain');
    }
    await this.sink.drained();
  }

  /** A sheet with a bold frozen header row and an auto-filter over its columns. */
  addTable(spec: TableSpec): XlsxSheetWriter {
    const cols = spec.columns;
    const sheet = this.book.addWorksheet(sheetName(spec.name), {
      views: [{ state: 'frozen', xSplit: 0, ySplit: 1 }],
    });
    sheet.columns = cols.map((c) => ({
      header: c.header,
      width: c.width ?? Math.max(10, c.header.length + 2),
      style: NUM_FMT[c.kind] ? { numFmt: NUM_FMT[c.kind] } : {},
    }));
    sheet.autoFilter = `A1:${columnLetter(cols.length)}1`;
    sheet.getRow(1).font = { bold: true };
    sheet.getRow(1).commit();
    return new XlsxSheetWriter(this, sheet, cols);
  }

  /** The "About" sheet: one (label, value) pair a row. */
  async addAbout(entries: ReadonlyArray<readonly [string, string]>): Promise<void> {
    const sheet = this.book.addWorksheet('About');
    sheet.columns = [
      { header: 'About', width: 28 },
      { header: '', width: 90 },
    ];
    sheet.getRow(1).font = { bold: true };
    sheet.getRow(1).commit();
    for (const [k, v] of entries) sheet.addRow([escapeFormula(k), escapeFormula(v)]).commit();
    sheet.commit();
    await this.flush();
  }

  async commit(): Promise<void> {
    await this.book.commit();
    // commit() resolves when the zip is finalized; the file stream closes after it.
    if (!this.sink.stream.closed)
      await new Promise<void>((ok, ko) => {
        this.sink.stream.once('close', ok);
        this.sink.stream.once('error', ko);
      });
  }

  abort(): void {
    this.sink.destroy();
  }
}
