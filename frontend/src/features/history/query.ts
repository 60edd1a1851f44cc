// The history's filters as the page keeps them, and as the API takes them (the list contract:
// page, limit, ascending, plus the named filters of docs/openapi.json's history routes).
import type { ListQuery, HistoryChange, HistorySource } from '../../api/types';

/** Time ranges offered by the filter: how far back `since` goes. */
export const TIME_RANGES = ['1h', '6h', '24h', '7d', '30d'] as const;
export type TimeRange = (typeof TIME_RANGES)[number];

const RANGE_MS: Record<TimeRange, number> = {
  '1h': 3600_000,
  '6h': 6 * 3600_000,
  '24h': 24 * 3600_000,
  '7d': 7 * 24 * 3600_000,
  '30d': 30 * 24 * 3600_000,
};

export type HistoryKind = 'GameServer' | 'GameServerSet';

export interface HistoryFilters {
  change?: HistoryChange[];
  source?: HistorySource[];
  user?: string;
  warning?: boolean;
  /** a preset range, resolved to `since` when it is picked; custom: since and until typed in */
  range?: TimeRange | 'custom';
  /** RFC 3339; set from range (or by hand) */
  since?: string;
  until?: string;
  kind?: HistoryKind;
  gameServerSet?: string;
  /** substring of the object's name */
  name?: string;
  /** oldest first (ascending); newest first by default */
  oldestFirst?: boolean;
}

export interface HistoryState {
  page: number;
  limit: number;
  filters: HistoryFilters;
}

export const HISTORY_DEFAULT_LIMIT = 20;

export const initialHistoryState = (limit = HISTORY_DEFAULT_LIMIT): HistoryState => ({ page: 1, limit, filters: {} });

/** The RFC 3339 time a preset range starts at, counted back from `now`. */
export function rangeSince(range: TimeRange, now: number = Date.now()): string {
  return new Date(now - RANGE_MS[range]).toISOString();
}

/**
 * The list query of a history state: empty filters are left out, ascending only when asked
 * (newest first is the default), warning only as true.
 */
export function toHistoryQuery(state: HistoryState): ListQuery {
  const f = state.filters;
  return {
    page: state.page,
    limit: state.limit,
    ascending: f.oldestFirst ? true : undefined,
    filters: {
      change: f.change,
      source: f.source,
      user: f.user,
      warning: f.warning ? 'true' : undefined,
      since: f.since,
      until: f.until,
      kind: f.kind,
      gameServerSet: f.gameServerSet,
      name: f.name,
    },
  };
}

/** "2026-05-01T14:30" (a datetime-local input's value, local time) -> RFC 3339; '' -> undefined. */
export function fromLocalInput(value: string): string | undefined {
  if (!value) return undefined;
  const t = new Date(value).getTime();
  return Number.isNaN(t) ? undefined : new Date(t).toISOString();
}

/** RFC 3339 -> a datetime-local input's value in local time (minutes). */
export function toLocalInput(iso: string | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** Whether new entries arrive on this page by ADDED (page 1, newest first); other pages get counts only. */
export function receivesAdded(state: HistoryState): boolean {
  return state.page <= 1 && !state.filters.oldestFirst;
}

/** Whether any filter is set (for an empty state that says "nothing matches" rather than "nothing yet"). */
export function hasFilters(filters: HistoryFilters): boolean {
  return Object.values(filters).some((v) => (Array.isArray(v) ? v.length > 0 : v !== undefined && v !== '' && v !== false));
}
