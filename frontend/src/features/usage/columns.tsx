import React from 'react';
import type { GameServerSortKey, GameServerView } from '../../api/types';
import type { Column } from '../../components/DataTable';
import { CpuCell, MemoryCell } from './UsageCells';

/** The usage columns of the game server table: sortable by the cached figures. */
export function usageColumns(): Column<GameServerView, GameServerSortKey>[] {
  return [
    { key: 'cpuUsage', title: 'OKG_COL_CPU_USAGE', sortKey: 'cpuUsage', align: 'right', render: (gs) => <CpuCell usage={gs.usage} /> },
    { key: 'memoryUsage', title: 'OKG_COL_MEMORY_USAGE', sortKey: 'memoryUsage', align: 'right', render: (gs) => <MemoryCell usage={gs.usage} /> },
  ];
}
