// File names that say what and when: `users-acme-2026-11-01..2026-11-24.xlsx`. Only [a-z0-9.-]:
// safe on every file system and in a download header.
import type { DateRange } from '../reports';
import type { ExportFormat, ExportResult } from './types';

export type ExportKind = 'users' | 'activity' | 'all' | 'overview' | 'retention';

/** Lower-case ASCII words joined by '-' (accents dropped; other scripts leave nothing). */
export function fileSlug(text: string, max = 40): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, max)
    .replace(/-+$/, '');
}

export function suggestedFileName(
  kind: ExportKind,
  opts: { segmentName?: string | null; range: Pick<DateRange, 'start' | 'end'>; format: ExportFormat; excludeStaff?: boolean },
): string {
  const slug = opts.segmentName ? fileSlug(opts.segmentName) : '';
  // Staff left out is said in the name too: a CSV has no header to say it in.
  return [kind, slug, opts.excludeStaff ? 'no-staff' : '', `${opts.range.start}..${opts.range.end}`].filter(Boolean).join('-') + `.${opts.format}`;
}

/** What every export returns: the file writeAtomically wrote, its data rows, and the name to suggest for it. */
export function exportResult(
  kind: ExportKind,
  written: { file: string; bytes: number; format: ExportFormat; rows: number },
  naming: { segmentName?: string | null; range: Pick<DateRange, 'start' | 'end'>; excludeStaff?: boolean },
): ExportResult {
  const { file, format, rows, bytes } = written;
  return { file, format, rows, bytes, suggestedName: suggestedFileName(kind, { ...naming, format }) };
}
