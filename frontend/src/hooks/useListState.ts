import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import type { SortState } from '../components/DataTable';
import { listStateToSearch, parseListState, type ListSpec, type ListState } from '../utils/listState';

export interface ListStateApi<S extends string, F extends string> {
  state: ListState<S, F>;
  setPage: (page: number, limit?: number) => void;
  setSort: (sort: SortState<S>) => void;
  /** merges filters and returns to page 1 */
  setFilters: (filters: Partial<Record<F, string>>) => void;
  clearFilters: () => void;
}

/** A list page's paging/sort/filter state, kept in the URL. */
export function useListState<S extends string, F extends string>(spec: ListSpec<S, F>): ListStateApi<S, F> {
  const [search, setSearch] = useSearchParams();
  const state = useMemo(() => parseListState(search, spec), [search, spec]);
  const write = useCallback(
    (next: ListState<S, F>) => setSearch(listStateToSearch(next, spec), { replace: true }),
    [setSearch, spec],
  );
  return {
    state,
    setPage: (page, limit) => write({ ...state, page, limit: limit ?? state.limit }),
    setSort: (sort) => write({ ...state, page: 1, sortBy: sort.sortBy ?? spec.defaultSort, ascending: sort.ascending }),
    setFilters: (filters) => write({ ...state, page: 1, filters: { ...state.filters, ...filters } }),
    clearFilters: () => write({ ...state, page: 1, filters: {} }),
  };
}
