import React from 'react';
import type { Rollup } from '../api/types';
import type { Column } from '../components/DataTable';
import { StateBar } from '../components/StateBar';

/** Columns every overview rollup table shares, after its own name column(s). */
export function rollupColumns<T extends Rollup>(): Column<T>[] {
  return [
    { key: 'gameServers', title: 'OKG_COL_GAME_SERVERS', align: 'right', render: (r) => r.gameServers },
    {
      key: 'problems',
      title: 'OKG_COL_PROBLEMS',
      align: 'right',
      render: (r) => (r.problems > 0 ? <strong style={{ color: '#ca2621' }}>{r.problems}</strong> : 0),
    },
    { key: 'byState', title: 'OKG_COL_STATES', width: 220, render: (r) => <StateBar counts={r.byState} kind="state" /> },
    {
      key: 'byOpsState',
      title: 'OKG_COL_OPS_STATES',
      width: 220,
      render: (r) => <StateBar counts={r.byOpsState} kind="opsState" />,
    },
    {
      key: 'byNetworkState',
      title: 'OKG_COL_NETWORK_STATES',
      width: 180,
      render: (r) => <StateBar counts={r.byNetworkState} kind="networkState" />,
    },
  ];
}
