// export/start: the Export buttons of every view. Main asks where to save (a native dialog in the app),
// then the export runs as a job with progress and Cancel: CSV, XLSX and HTML in the job worker; PDF is
// that HTML report printed by the app's browser engine (jobs/export-pdf.ts).
import { suggestedFileName } from '../core/export';
import { AppError } from '../core/errors';
import { resolveReportRange } from '../core/reports/report-range';
import { resolveUserSet } from '../core/reports/segments';
import { exportPdfJob } from '../jobs/export-pdf';
import type { DomainHandlers } from './registry';

export const exportHandlers: DomainHandlers<'export/start'> = {
  'export/start': async (req, { state }) => {
    state.requireUser();
    const db = state.requireDb();
    const { what, format, ...filters } = req;
    const now = Date.now() * 1000;
    const range = await resolveReportRange(db, filters.dates, now);
    const key = what === 'users' || what === 'overview' || what === 'retention' ? filters.segment : what === 'activity' ? filters.users : undefined;
    const segmentName = key ? (await resolveUserSet(db, state.settings, key)).name : null;
    const name = suggestedFileName(what, {
      segmentName,
      range,
      format: format === 'pdf' ? 'html' : format,
      excludeStaff: state.settings.EXCLUDE_STAFF,
    }).replace(/\.html$/, format === 'pdf' ? '.pdf' : '.html');
    const print = state.config.printToPdf;
    if (format === 'pdf' && !print) throw new AppError('INTERNAL', 'PDF export needs the desktop app (printing is done by its browser engine)');
    const chosen = state.config.chooseSavePath ? await state.config.chooseSavePath(name) : null;
    if (!chosen) return null;
    const runner = state.jobs();
    if (format !== 'pdf') return runner.start('export', state.spec!, state.settings, { what, format, out: chosen, filters });
    const params = { what, out: chosen, filters };
    return runner.startInMain('exportPdf', state.spec!, state.settings, params, exportPdfJob(print!, params));
  },
};
