// Which users a report covers: the top-level segments and the organizations from report/options in a
// list, or any other set the Users view knows (`group:N`, a user `user:N`) typed in. A value that came from a
// link (e.g. "Overview of this organization" in the Users view) is shown as the current choice.
import { useState } from 'react';

const OTHER = '__other__';
const SEGMENT_RE = /^(all-users|[a-z0-9-]+|group:\d+|user:\d+)$/;

export function SegmentPicker({
  value,
  name,
  segments,
  organizations,
  onChange,
  idPrefix,
}: {
  value: string;
  /** The report's name for the current value (e.g. the organization's name), when known. */
  name: string | null;
  segments: ReadonlyArray<{ key: string; name: string }>;
  /** The organizations (`group:N`) the Users view lists under the default segment. */
  organizations: ReadonlyArray<{ key: string; name: string }>;
  onChange: (segment: string) => void;
  idPrefix: string;
}) {
  const known = segments.some((s) => s.key === value) || organizations.some((o) => o.key === value);
  const [typing, setTyping] = useState(false);
  const [text, setText] = useState(known ? '' : value);
  const problem = text.trim() && !SEGMENT_RE.test(text.trim()) ? 'Write a segment slug, group:N or user:N.' : null;
  return (
    <div className="segment-picker" role="group" aria-label="Users">
      <label className="inline" htmlFor={`${idPrefix}-segment`}>
        Users
      </label>
      <select
        id={`${idPrefix}-segment`}
        aria-label="Users segment"
        value={typing ? OTHER : value}
        onChange={(e) => {
          if (e.target.value === OTHER) {
            setTyping(true);
          } else {
            setTyping(false);
            onChange(e.target.value);
          }
        }}
      >
        <optgroup label="Segments">
          {segments.map((s) => (
            <option key={s.key} value={s.key}>
              {s.name}
            </option>
          ))}
        </optgroup>
        {organizations.length > 0 && (
          <optgroup label="Organizations">
            {organizations.map((o) => (
              <option key={o.key} value={o.key}>
                {o.name}
              </option>
            ))}
          </optgroup>
        )}
        {!known && <option value={value}>{name && name !== value ? `${name} (${value})` : value}</option>}
        <option value={OTHER}>Another organization or a user…</option>
      </select>
      {typing && (
        <form
          className="custom-range"
          onSubmit={(e) => {
            e.preventDefault();
            if (text.trim() && !problem) {
              setTyping(false);
              onChange(text.trim());
            }
          }}
        >
          <input
            value={text}
            onChange={(e) => setText(e.target.value)}
            placeholder="group:12 or user:34"
            aria-label="Organization (group:N) or user (user:N)"
            aria-invalid={problem !== null}
            size={16}
          />
          <button type="submit" disabled={!text.trim() || problem !== null}>
            Show
          </button>
          {problem && (
            <span className="error-text" role="alert">
              {problem}
            </span>
          )}
        </form>
      )}
    </div>
  );
}
