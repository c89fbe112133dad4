// The date range: one of the nine presets, or a custom range of two inclusive dates.
import { useState } from 'react';
import type { DateRangeData } from '../../../src-preload/contract';
import { PRESET_LABELS } from '../format';

const CUSTOM_RE = /^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/;

export function DateRangePicker({
  value,
  presets,
  range,
  today,
  onChange,
  idPrefix,
}: {
  value: string;
  presets: string[];
  /** The resolved range of the last report (shown, with "partial" when it reaches today). */
  range: DateRangeData | null;
  today: string | null;
  onChange: (dates: string) => void;
  idPrefix: string;
}) {
  const custom = CUSTOM_RE.exec(value);
  const [editing, setEditing] = useState(custom !== null);
  const [from, setFrom] = useState(custom?.[1] ?? range?.start ?? '');
  const [to, setTo] = useState(custom?.[2] ?? range?.end ?? '');
  const invalid = from !== '' && to !== '' && from > to ? 'The first day must not be after the last day.' : null;
  const selectValue = custom || editing ? 'custom' : value;
  return (
    <div className="date-picker" role="group" aria-label="Date range">
      <label className="inline">
        Dates
        <select
          aria-label="Date range preset"
          value={selectValue}
          onChange={(e) => {
            if (e.target.value === 'custom') {
              setEditing(true);
              setFrom(range?.start ?? '');
              setTo(range?.end ?? '');
            } else {
              setEditing(false);
              onChange(e.target.value);
            }
          }}
        >
          {presets.map((p) => (
            <option key={p} value={p}>
              {PRESET_LABELS[p] ?? p}
            </option>
          ))}
          <option value="custom">Custom range…</option>
        </select>
      </label>
      {(editing || custom) && (
        <form
          className="custom-range"
          onSubmit={(e) => {
            e.preventDefault();
            if (from && to && !invalid) onChange(`${from}..${to}`);
          }}
        >
          <label className="inline" htmlFor={`${idPrefix}-from`}>
            From
          </label>
          <input
            id={`${idPrefix}-from`}
            type="date"
            value={from}
            max={today ?? undefined}
            onChange={(e) => setFrom(e.target.value)}
            aria-label="First day (inclusive)"
          />
          <label className="inline" htmlFor={`${idPrefix}-to`}>
            to
          </label>
          <input id={`${idPrefix}-to`} type="date" value={to} onChange={(e) => setTo(e.target.value)} aria-label="Last day (inclusive)" />
          <button type="submit" disabled={!from || !to || invalid !== null}>
            Apply
          </button>
          {invalid && (
            <span className="error-text" role="alert">
              {invalid}
            </span>
          )}
        </form>
      )}
      {range && (
        <span className="range-text" data-testid={`${idPrefix}-range`}>
          {range.start} – {range.end}
          {range.partial && (
            <span className="badge warn" title="The range reaches today, whose numbers are still growing">
              partial
            </span>
          )}
        </span>
      )}
    </div>
  );
}
