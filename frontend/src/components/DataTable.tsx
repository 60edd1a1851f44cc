import { BaseTable, Checkbox } from '@kubed/components';
import React from 'react';
import styled from 'styled-components';
import { useT, type MessageKey } from '../i18n';

/** A column is data: a title key, how to render a row, and optionally the server sort key it maps to. */
export interface Column<T, S extends string = string> {
  key: string;
  title: MessageKey;
  render: (row: T) => React.ReactNode;
  sortKey?: S;
  width?: number | string;
  /** headers never wrap (a Chinese header must not break inside a word); this keeps the column at least this wide */
  minWidth?: number;
  align?: 'left' | 'center' | 'right';
  /** the cells hold text as the cluster reports it (event messages, condition reasons): never translated */
  raw?: boolean;
}

export interface SortState<S extends string = string> {
  sortBy?: S;
  ascending: boolean;
}

export interface Selection {
  selected: ReadonlySet<string>;
  toggle: (key: string) => void;
  setAll: (keys: string[], on: boolean) => void;
}

export interface DataTableProps<T, S extends string = string> {
  columns: Column<T, S>[];
  rows: T[];
  rowKey: (row: T) => string;
  sort?: SortState<S>;
  onSort?: (sort: SortState<S>) => void;
  selection?: Selection;
  /** rendered in place of the body rows when there are none */
  empty?: React.ReactNode;
  /** dim the rows while a new page is on its way */
  busy?: boolean;
  testId?: string;
}

const SortButton = styled.button`
  all: unset;
  cursor: pointer;
  display: inline-flex;
  align-items: center;
  gap: 4px;
  &:focus-visible {
    outline: 1px dashed currentColor;
  }
`;

const Arrow = styled.span<{ active: boolean }>`
  font-size: 10px;
  opacity: ${({ active }) => (active ? 1 : 0.3)};
`;

/** Wide tables scroll sideways inside their card instead of being cut off by a narrower host layout. */
const Scroll = styled.div`
  overflow-x: auto;
  max-width: 100%;
`;

const Body = styled(BaseTable.TableBody)<{ busy?: boolean }>`
  opacity: ${({ busy }) => (busy ? 0.55 : 1)};
  transition: opacity 0.15s;
`;

/** Next sort state after clicking a sortable header: same column flips, a new column starts ascending. */
export function nextSort<S extends string>(current: SortState<S> | undefined, key: S): SortState<S> {
  if (current?.sortBy === key) return { sortBy: key, ascending: !current.ascending };
  return { sortBy: key, ascending: true };
}

export function DataTable<T, S extends string = string>({
  columns,
  rows,
  rowKey,
  sort,
  onSort,
  selection,
  empty,
  busy,
  testId,
}: DataTableProps<T, S>): React.ReactElement {
  const t = useT();
  const keys = rows.map(rowKey);
  const selectedHere = selection ? keys.filter((k) => selection.selected.has(k)).length : 0;
  const allSelected = keys.length > 0 && selectedHere === keys.length;
  const colSpan = columns.length + (selection ? 1 : 0);

  return (
    <Scroll>
      <BaseTable.Table stickyHeader data-testid={testId}>
        <BaseTable.TableHead hasBorder>
          <BaseTable.TableRow>
            {selection && (
              <BaseTable.TableCell variant="head" width={40}>
                <Checkbox
                  aria-label={t('OKG_SELECT_ALL')}
                  checked={allSelected}
                  indeterminate={selectedHere > 0 && !allSelected}
                  disabled={keys.length === 0}
                  onChange={() => selection.setAll(keys, !allSelected)}
                />
              </BaseTable.TableCell>
            )}
            {columns.map((col) => {
              const active = sort?.sortBy !== undefined && sort.sortBy === col.sortKey;
              const ariaSort = active ? (sort?.ascending ? 'asc' : 'desc') : false;
              return (
                <BaseTable.TableCell
                  key={col.key}
                  variant="head"
                  align={col.align}
                  ariaSort={ariaSort}
                  style={{ whiteSpace: 'nowrap', width: col.width, minWidth: col.minWidth }}
                >
                  {col.sortKey && onSort ? (
                    <SortButton
                      type="button"
                      data-sort={col.sortKey}
                      onClick={() => onSort(nextSort(sort, col.sortKey as S))}
                    >
                      {t(col.title)}
                      <Arrow active={active}>{active && !sort?.ascending ? '▼' : '▲'}</Arrow>
                    </SortButton>
                  ) : (
                    t(col.title)
                  )}
                </BaseTable.TableCell>
              );
            })}
          </BaseTable.TableRow>
        </BaseTable.TableHead>
        <Body busy={busy} hasBorder>
          {rows.length === 0 ? (
            <BaseTable.TableRow>
              <BaseTable.TableCell colSpan={colSpan}>{empty}</BaseTable.TableCell>
            </BaseTable.TableRow>
          ) : (
            rows.map((row, i) => {
              const key = keys[i];
              const checked = selection?.selected.has(key) ?? false;
              return (
                <BaseTable.TableRow key={key} hover selected={checked}>
                  {selection && (
                    <BaseTable.TableCell>
                      <Checkbox
                        aria-label={t('OKG_SELECT_ROW', { name: key })}
                        checked={checked}
                        onChange={() => selection.toggle(key)}
                      />
                    </BaseTable.TableCell>
                  )}
                  {columns.map((col) => (
                    <BaseTable.TableCell key={col.key} align={col.align} data-col={col.key} data-raw={col.raw ? 'true' : undefined}>
                      {col.render(row)}
                    </BaseTable.TableCell>
                  ))}
                </BaseTable.TableRow>
              );
            })
          )}
        </Body>
      </BaseTable.Table>
    </Scroll>
  );
}
