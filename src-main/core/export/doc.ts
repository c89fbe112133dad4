// One interface over the three formats, so each export describes its tables once: CSV holds one
// table (the total row last), XLSX one sheet per table plus "About", HTML one section per table
// after the header and charts.
import { AppError } from '../errors';
import type { Cell, TableSpec } from './cells';
import { CsvTableWriter } from './csv';
import { FileSink, yieldToLoop } from './file';
import { htmlEnd, htmlHead, htmlHeader, htmlRow, htmlTableEnd, htmlTableStart } from './html';
import type { Entries } from './meta';
import type { ExportFormat } from './types';
import { XlsxBookWriter, type XlsxSheetWriter } from './xlsx';

export interface TableHandle {
  rows(rows: ReadonlyArray<readonly Cell[]>): Promise<void>;
  /** Ends the table; `footer` rows (totals) close it: bold in XLSX, a tfoot in HTML, last in CSV. */
  end(footer?: ReadonlyArray<readonly Cell[]>, note?: string): Promise<void>;
}

export interface DocWriter {
  table(spec: TableSpec): Promise<TableHandle>;
  finish(): Promise<void>;
  abort(): void;
}

export interface DocOptions {
  title: string;
  crumbs: string[];
  about: Entries;
  generatedAt: string;
  /** Inline SVG charts (HTML only). */
  chartsHtml?: string;
  bom?: boolean;
  /** Rows per sheet before a table continues on the next one (tests lower it). */
  xlsxMaxRows?: number;
}

function csvDoc(path: string, o: DocOptions): DocWriter {
  const sink = new FileSink(path);
  let used = false;
  return {
    async table(spec) {
      if (used) throw new AppError('INTERNAL', 'a CSV file holds one table');
      used = true;
      const w = new CsvTableWriter(sink, spec.columns);
      await w.begin(o.bom ?? true);
      return {
        rows: async (rows) => {
          await w.rows(rows);
          await yieldToLoop();
        },
        end: async (footer = []) => w.rows(footer),
      };
    },
    finish: () => sink.close(),
    abort: () => sink.destroy(),
  };
}

/** Data rows of one sheet: Excel's 1,048,576 rows less the header and a total row. */
export const XLSX_MAX_DATA_ROWS = 1_048_574;

function xlsxDoc(path: string, o: DocOptions, max = XLSX_MAX_DATA_ROWS): DocWriter {
  const maxRows = Math.min(XLSX_MAX_DATA_ROWS, Math.max(1, Math.floor(max)));
  const book = new XlsxBookWriter(path);
  return {
    async table(spec) {
      let sheet: XlsxSheetWriter = book.addTable(spec);
      let part = 1;
      let inSheet = 0;
      return {
        // A sheet holds at most 1,048,576 rows: longer tables continue on "Name (2)", "Name (3)"…
        rows: async (rows) => {
          for (let i = 0; i < rows.length;) {
            if (inSheet === maxRows) {
              await sheet.end();
              sheet = book.addTable({ ...spec, name: `${spec.name} (${++part})` });
              inSheet = 0;
            }
            const take = rows.slice(i, i + (maxRows - inSheet));
            await sheet.rows(take);
            inSheet += take.length;
            i += take.length;
          }
        },
        end: async (footer = []) => {
          await sheet.rows(footer, { bold: true });
          await sheet.end();
        },
      };
    },
    async finish() {
      await book.addAbout(o.about);
      await book.commit();
    },
    abort: () => book.abort(),
  };
}

/** HTML written straight to `sink` (also used for an activity table written to a fragment first). */
export function htmlTableHandle(sink: FileSink, spec: TableSpec): TableHandle {
  return {
    async rows(rows) {
      if (rows.length) await sink.write(rows.map((r) => htmlRow(spec.columns, r)).join(''));
      await yieldToLoop();
    },
    end: (footer = [], note) => sink.write(htmlTableEnd(spec.columns, footer, note)),
  };
}

function htmlDoc(path: string, o: DocOptions): DocWriter {
  const sink = new FileSink(path);
  let started = false;
  const start = async () => {
    if (started) return;
    started = true;
    await sink.write(htmlHead(o.title) + htmlHeader(o.title, o.crumbs, o.about) + (o.chartsHtml ?? ''));
  };
  return {
    async table(spec) {
      await start();
      await sink.write(htmlTableStart(spec));
      return htmlTableHandle(sink, spec);
    },
    async finish() {
      await start();
      await sink.write(htmlEnd(o.generatedAt));
      await sink.close();
    },
    abort: () => sink.destroy(),
  };
}

export function openDoc(format: ExportFormat, path: string, o: DocOptions): DocWriter {
  return format === 'csv' ? csvDoc(path, o) : format === 'xlsx' ? xlsxDoc(path, o, o.xlsxMaxRows) : htmlDoc(path, o);
}

export function parseFormat(format: unknown, allowed: readonly ExportFormat[]): ExportFormat {
  if (typeof format === 'string' && (allowed as readonly string[]).includes(format)) return format as ExportFormat;
  throw new AppError('INVALID_INPUT', `unknown export format "${String(format)}": expected ${allowed.join(', ')}`);
}

/** Runs `fill` on a document, aborting its streams on failure (the temp file is deleted after). */
export async function withDoc(format: ExportFormat, path: string, o: DocOptions, fill: (doc: DocWriter) => Promise<void>): Promise<void> {
  const doc = openDoc(format, path, o);
  try {
    await fill(doc);
    await doc.finish();
  } catch (e) {
    doc.abort();
    throw e;
  }
}
