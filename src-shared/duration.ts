// Durations (seconds) as text, the same everywhere: the app's tables, the command line and the export
// files. The edge cases are decided here once: a value is rounded to whole seconds first (halves away
// from zero, so -1.5 and 1.5 differ only in sign); a value that rounds to zero has no sign ("0:00:00",
// never "-0:00:00"); hours are not capped at 24 (a day is "24:00:00", as XLSX's [h]:mm:ss shows it);
// a negative duration keeps its "-"; null, undefined, NaN and ±Infinity are "no value" and give `empty`.

/** Whole seconds and a sign, or null when there is no duration to show. */
function wholeSeconds(seconds: number | null | undefined): { sign: '' | '-'; s: number } | null {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return null;
  const s = Math.round(Math.abs(seconds));
  return { sign: seconds < 0 && s > 0 ? '-' : '', s };
}

const two = (n: number) => String(n).padStart(2, '0');

/** A duration as h:mm:ss ("0:00:45", "3:05:00", "49:00:00", "-0:01:05"); `empty` when there is none. */
export function formatDuration(seconds: number | null | undefined, empty = ''): string {
  const w = wholeSeconds(seconds);
  if (!w) return empty;
  const { sign, s } = w;
  return `${sign}${Math.floor(s / 3600)}:${two(Math.floor((s % 3600) / 60))}:${two(s % 60)}`;
}

/**
 * A duration in words a moderator reads at a glance, to the unit that matters: "45 s", "12 min",
 * "3 h 05 min" (under two days), "2 d 4 h"; `empty` when there is none. Rounding never shows a full
 * unit below the next one ("60 min" is "1 h 00 min", "24 h" of a day count is the next day).
 */
export function formatDurationWords(seconds: number | null | undefined, empty = ''): string {
  const w = wholeSeconds(seconds);
  if (!w) return empty;
  const { sign, s } = w;
  if (s < 60) return `${sign}${s} s`;
  const minutes = Math.round(s / 60);
  if (minutes < 60) return `${sign}${minutes} min`;
  if (s < 48 * 3600) {
    const h = Math.floor(minutes / 60);
    return `${sign}${h} h ${two(minutes % 60)} min`;
  }
  const hours = Math.round(s / 3600);
  return `${sign}${Math.floor(hours / 24)} d ${hours % 24} h`;
}
