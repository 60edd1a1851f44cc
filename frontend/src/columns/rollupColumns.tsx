import React from 'react';
import type { Rollup } from '../api/types';
import type { Column } from '../components/DataTable';
import { StateBar } from '../components/StateBar';
import { displayOpsState, networkTone, opsStateTone, stateTone } from '../utils/okg';

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
    { key: 'byState', title: 'OKG_COL_STATES', width: 220, render: (r) => <StateBar counts={r.byState} tone={stateTone} /> },
    {
      key: 'byOpsState',
      title: 'OKG_COL_OPS_STATES',
      width: 220,
      render: (r) => <StateBar counts={r.byOpsState} tone={opsStateTone} label={displayOpsState} />,
    },
    {
      key: 'byNetworkState',
      title: 'OKG_COL_NETWORK_STATES',
      width: 180,
      render: (r) => <StateBar counts={r.byNetworkState} tone={networkTone} />,
    },
  ];
}
