// Client-side validation of the id and priority range syntaxes of the list query (docs/API.md).

export interface IdRange {
  from: number;
  to: number;
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: RangeError; token?: string };

export type RangeError = 'empty' | 'syntax' | 'order' | 'tooLarge';

/** Largest ordinal we accept; far above any real set, low enough to stay an exact integer. */
export const MAX_ORDINAL = 1_000_000;

const NUMBER = /^\d+$/;
const SIGNED = /^-?\d+$/;

/**
 * Parses ordinals such as "1,3,7-9" (spaces allowed around items). Ranges are inclusive and
 * must be ascending; ids are non-negative integers. Returns the ranges merged and sorted.
 */
export function parseIdRanges(input: string): ParseResult<IdRange[]> {
  const text = input.trim();
  if (!text) return { ok: false, error: 'empty' };
  const ranges: IdRange[] = [];
  for (const rawToken of text.split(',')) {
    const token = rawToken.trim();
    const parts = token.split('-').map((p) => p.trim());
    if (parts.length > 2 || parts.some((p) => !NUMBER.test(p))) return { ok: false, error: 'syntax', token };
    const from = Number(parts[0]);
    const to = parts.length === 2 ? Number(parts[1]) : from;
    if (from > MAX_ORDINAL || to > MAX_ORDINAL) return { ok: false, error: 'tooLarge', token };
    if (from > to) return { ok: false, error: 'order', token };
    ranges.push({ from, to });
  }
  return { ok: true, value: mergeRanges(ranges) };
}

export function mergeRanges(ranges: IdRange[]): IdRange[] {
  const sorted = [...ranges].sort((a, b) => a.from - b.from || a.to - b.to);
  const out: IdRange[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r.from <= last.to + 1) last.to = Math.max(last.to, r.to);
    else out.push({ ...r });
  }
  return out;
}

/** Canonical text of ranges: "1,3,7-9". */
export function formatIdRanges(ranges: IdRange[]): string {
  return ranges.map((r) => (r.from === r.to ? String(r.from) : `${r.from}-${r.to}`)).join(',');
}

export function idInRanges(id: number, ranges: IdRange[]): boolean {
  return ranges.some((r) => id >= r.from && id <= r.to);
}

export interface PriorityRange {
  min?: number;
  max?: number;
}

/**
 * Parses a priority range as the API takes it: one number, "min:max", "min:" or ":max".
 * Priorities may be negative, so the separator is a colon, not a dash.
 */
export function parsePriorityRange(input: string): ParseResult<PriorityRange> {
  const text = input.replace(/\s+/g, '');
  if (!text) return { ok: false, error: 'empty' };
  if (SIGNED.test(text)) {
    const n = Number(text);
    return { ok: true, value: { min: n, max: n } };
  }
  const m = /^(-?\d*):(-?\d*)$/.exec(text);
  if (m && (m[1] === '-' || m[2] === '-')) return { ok: false, error: 'syntax', token: text };
  if (!m || (!m[1] && !m[2])) return { ok: false, error: 'syntax', token: text };
  const min = m[1] ? Number(m[1]) : undefined;
  const max = m[2] ? Number(m[2]) : undefined;
  if (min !== undefined && max !== undefined && min > max) return { ok: false, error: 'order', token: text };
  return { ok: true, value: { min, max } };
}

/** Validates an optional filter field: empty is fine (no filter), otherwise it must parse. */
export function validateOptional<T>(input: string | undefined, parse: (s: string) => ParseResult<T>): ParseResult<T | undefined> {
  if (!input || !input.trim()) return { ok: true, value: undefined };
  return parse(input);
}
