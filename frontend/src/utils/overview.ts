import type { Rollup } from '../api/types';

/** Rows with problems first (most first), then by the given name; stable for equal rows. */
export function problemsFirst<T extends Rollup>(rows: T[], name: (row: T) => string): T[] {
  return [...rows].sort((a, b) => b.problems - a.problems || name(a).localeCompare(name(b)));
}
