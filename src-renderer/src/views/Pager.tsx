// Previous / next page buttons under a paged table (the Users view and the questions list); nothing
// when everything fits on one page.
export function Pager({ page, pages, onPage, testId }: { page: number; pages: number; onPage: (page: number) => void; testId: string }) {
  if (pages <= 1) return null;
  return (
    <nav className="pager" aria-label="Pages">
      <button type="button" className="secondary" disabled={page <= 1} onClick={() => onPage(page - 1)}>
        Previous page
      </button>
      <span data-testid={testId}>
        Page {page} of {pages}
      </span>
      <button type="button" className="secondary" disabled={page >= pages} onClick={() => onPage(page + 1)}>
        Next page
      </button>
    </nav>
  );
}
