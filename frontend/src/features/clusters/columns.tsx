import React from 'react';
import { Link } from 'react-router-dom';
import type { Paths } from '../../app/paths';
import type { Column } from '../../components/DataTable';

/** The cluster column of a merged list: the cluster's name, linking to that cluster's own overview. */
export function clusterColumn<T extends { cluster: string }, S extends string = string>(pathsOf: (cluster: string) => Paths): Column<T, S> {
  return {
    key: 'cluster',
    title: 'OKG_COL_CLUSTER',
    render: (row) => (
      <Link to={pathsOf(row.cluster).overview} data-testid="cluster-link" style={{ whiteSpace: 'nowrap' }}>
        {row.cluster}
      </Link>
    ),
  };
}

/**
 * A single-cluster table's columns for rows of several clusters: each cell renders with the
 * links of its row's cluster (its detail pages live in that cluster's own pages).
 */
export function perClusterColumns<T extends { cluster: string }, S extends string>(
  make: (paths: Paths) => Column<T, S>[],
  pathsOf: (cluster: string) => Paths,
): Column<T, S>[] {
  const cache = new Map<string, Column<T, S>[]>();
  const forCluster = (cluster: string) => {
    let cols = cache.get(cluster);
    if (!cols) {
      cols = make(pathsOf(cluster));
      cache.set(cluster, cols);
    }
    return cols;
  };
  return make(pathsOf('')).map((col, i) => ({ ...col, render: (row: T) => forCluster(row.cluster)[i].render(row) }));
}
