// Keyboard shortcuts: Ctrl/Cmd+1..4 switch views, Ctrl/Cmd+Shift+C compiles.
import { VIEWS, type ViewName } from './stores/navigation';

export type ShortcutAction = { view: ViewName } | { compile: true };

/** The parts of a KeyboardEvent the shortcuts read (a plain type: also checked under the Node tsconfig). */
export interface KeyPress {
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
  key: string;
  code: string;
}

export function shortcutOf(e: KeyPress): ShortcutAction | null {
  if (!(e.ctrlKey || e.metaKey) || e.altKey) return null;
  if (e.shiftKey && (e.code === 'KeyC' || e.key.toLowerCase() === 'c')) return { compile: true };
  const n = Number(e.key);
  if (!e.shiftKey && Number.isInteger(n) && n >= 1 && n <= VIEWS.length) return { view: VIEWS[n - 1]!.name };
  return null;
}
