// The trail above a report: each crumb a link back to that level, the page itself marked current.

export interface Crumb {
  label: string;
  /** Opens that level; without it the crumb is plain text. */
  open?: () => void;
  /** The link's tooltip. */
  title?: string;
  /** The page shown (announced as the current page). */
  current?: boolean;
}

export function Breadcrumbs({ crumbs }: { crumbs: readonly Crumb[] }) {
  return (
    <nav aria-label="Breadcrumbs" className="breadcrumbs">
      <ol>
        {crumbs.map((c, i) => (
          <li key={`${i}-${c.label}`}>
            {c.open ? (
              <button type="button" className="link" onClick={c.open} title={c.title}>
                {c.label}
              </button>
            ) : (
              <span aria-current={c.current ? 'page' : undefined}>{c.label}</span>
            )}
          </li>
        ))}
      </ol>
    </nav>
  );
}
