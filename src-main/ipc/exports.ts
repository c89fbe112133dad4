// export/start: the Export buttons of every view. Main asks where to save (a native dialog in the app),
// the export runs in the job worker with progress and cancel, and PDF is the HTML report printed by
// Chromium once it is written.
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suggestedFileName } from '../core/export';
import { AppError } from '../core/errors';
import { resolveReportRange } from '../core/reports/report-range';
import { resolveUserSet } from '../core/reports/segments';
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
    const name = suggestedFileName(what, { segmentName, range, format: format === 'pdf' ? 'html' : format, excludeStaff: state.settings.EXCLUDE_STAFF }).replace(/\.html$/, format === 'pdf' ? '.pdf' : '.html');
    const chosen = state.config.chooseSavePath ? await state.config.chooseSavePath(name) : null;
    if (!chosen) return null;
    const runner = state.jobs();
    if (format !== 'pdf') {
      return runner.start('export', state.spec!, state.settings, { what, format, out: chosen, filters });
    }
    const printToPdf = state.config.printToPdf;
    if (!printToPdf) throw new AppError('INTERNAL', 'PDF export needs the desktop app (printing is done by its browser engine)');
    const html = join(tmpdir(), `aac-${Date.now().toString(36)}-${name.replace(/\.pdf$/, '.html')}`);
    const job = runner.start('export', state.spec!, state.settings, { what, format: 'html', out: html, filters });
    const end = await runner.wait(job.jobId);
    try {
      if (end.state !== 'done') return end;
      await printToPdf(html, chosen);
      return { ...end, result: { ...(end.result as object), file: chosen, format: 'pdf' } };
    } finally {
      rmSync(html, { force: true });
    }
  },
};
