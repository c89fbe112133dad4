// What the CLI prints: a human table/summary, JSON for scripts (--json), nothing but errors for cron
// (--silent), and a progress bar on a terminal.
import type { JobProgress } from '../core/types/jobs';

export interface Streams {
  stdout: { write(s: string): unknown; isTTY?: boolean };
  stderr: { write(s: string): unknown; isTTY?: boolean };
}

export class Output {
  private lastBar = '';
  constructor(
    private readonly streams: Streams,
    readonly json: boolean,
    readonly silent: boolean,
  ) {}

  /** Human-readable text (suppressed by --json and --silent). */
  text(s: string): void {
    if (this.json || this.silent) return;
    this.clearBar();
    this.streams.stdout.write(s.endsWith('\n') ? s : s + '\n');
  }

  /** The command's result: JSON with --json, else the given human rendering. */
  result(value: unknown, human?: () => string): void {
    if (this.json) {
      this.streams.stdout.write(JSON.stringify(value, null, 2) + '\n');
      return;
    }
    if (human) this.text(human());
  }

  warn(s: string): void {
    if (this.silent) return;
    this.clearBar();
    this.streams.stderr.write(`warning: ${s}\n`);
  }

  error(s: string): void {
    this.clearBar();
    this.streams.stderr.write(`error: ${s}\n`);
  }

  /** A progress bar on a terminal; nothing when piped, with --json or with --silent. */
  progress(p: JobProgress): void {
    if (this.json || this.silent || !this.streams.stderr.isTTY) return;
    const width = 30;
    const frac = p.total > 0 ? Math.min(1, p.done / p.total) : 0;
    const filled = Math.round(frac * width);
    const bar = `\r${p.step.padEnd(24).slice(0, 24)} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${p.done}/${p.total}`;
    if (bar !== this.lastBar) {
      this.streams.stderr.write(bar);
      this.lastBar = bar;
    }
  }

  clearBar(): void {
    if (this.lastBar) {
      this.streams.stderr.write('\r' + ' '.repeat(this.lastBar.length) + '\r');
      this.lastBar = '';
    }
  }
}

/** Renders rows as an aligned text table. */
export function table(headers: string[], rows: Array<Array<string | number | null | undefined>>): string {
  const cells = rows.map((r) => r.map((c) => (c === null || c === undefined ? '' : String(c))));
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) =>
    r
      .map((c, i) => (/^-?[\d.,:]+%?$/.test(c) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
}
