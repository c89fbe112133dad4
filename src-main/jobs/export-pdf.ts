// PDF export as a job like every other export: the HTML report is written by the export job in a
// worker (its progress shown as it goes), then printed by the app's browser engine in main (the step
// `printing`). Cancel stops either step, and no file is left behind: not the PDF, not the HTML.
import { randomUUID } from 'node:crypto';
import { rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JobKinds, JobParams } from '../../src-preload/contract';
import { AppError } from '../core/errors';
import type { MainJob } from './runner';

/** Prints a self-contained HTML file to PDF; `signal` aborts the print (the app closes its window). */
export type PrintToPdf = (htmlFile: string, pdfFile: string, signal: AbortSignal) => Promise<void>;

export function exportPdfJob(print: PrintToPdf, params: JobParams<'exportPdf'>): MainJob<JobKinds, 'exportPdf'> {
  return async ({ signal, onProgress, inWorker }) => {
    const html = join(tmpdir(), `aac-${randomUUID()}.html`);
    try {
      const report = await inWorker('export', { what: params.what, format: 'html', out: html, filters: params.filters });
      onProgress({ step: 'printing', done: 0, total: 1 });
      try {
        await print(html, params.out, signal);
        if (signal.aborted) throw new AppError('CANCELLED', 'the export was cancelled; no file was written');
      } catch (err) {
        rmSync(params.out, { force: true });
        if (signal.aborted) throw new AppError('CANCELLED', 'the export was cancelled; no file was written');
        throw err;
      }
      onProgress({ step: 'printing', done: 1, total: 1 });
      return {
        file: params.out,
        format: 'pdf',
        rows: report.rows,
        bytes: statSync(params.out).size,
        suggestedName: report.suggestedName.replace(/\.html$/, '.pdf'),
      };
    } finally {
      rmSync(html, { force: true });
    }
  };
}
