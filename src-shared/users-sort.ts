// How the Users drill-down sorts when the moderator has not chosen, declared once for the report (core),
// the command line and export files (through core) and the view's column headers (renderer).

export type SortOrder = 'asc' | 'desc';

/**
 * The column a level sorts by when none is chosen: the segments keep the order the settings give them
 * (null), organizations and users sort by name.
 */
export function defaultUsersSort(level: 'segments' | 'groups' | 'users'): 'name' | null {
  return level === 'segments' ? null : 'name';
}

/** The direction a column sorts in when none is chosen: names A to Z, counters largest first. */
export function defaultUsersOrder(field: string | null): SortOrder {
  return field === null || field === 'name' ? 'asc' : 'desc';
}
