import React from 'react';
import { Link } from 'react-router-dom';
import type { GameServerSortKey, GameServerView } from '../api/types';
import type { Paths } from '../app/paths';
import { Age } from '../components/Age';
import { Copyable } from '../components/Copyable';
import type { Column } from '../components/DataTable';
import { Ellipsis, ImageRef, Muted } from '../components/Layout';
import { EnumTag } from '../components/StateTag';
import { usageColumns } from '../features/usage/columns';
import { endpoints } from '../utils/format';

export type GameServerColumn = Column<GameServerView, GameServerSortKey>;

export const gameServerKey = (gs: GameServerView): string => `${gs.namespace}/${gs.name}`;

/** The game server table's columns; `hide` drops columns a context makes redundant (the set on a set's page). */
export function gameServerColumns(paths: Paths, hide: string[] = []): GameServerColumn[] {
  const columns: GameServerColumn[] = [
    { key: 'id', title: 'OKG_COL_ID', sortKey: 'id', width: 56, render: (gs) => (gs.id >= 0 ? gs.id : '-') },
    {
      key: 'name',
      title: 'OKG_COL_NAME',
      sortKey: 'name',
      render: (gs) => (
        <div style={{ whiteSpace: 'nowrap' }}>
          <Link to={paths.gameServer(gs.namespace, gs.name)}>{gs.name}</Link>
          <div>
            <Muted>{gs.namespace}</Muted>
          </div>
        </div>
      ),
    },
    {
      key: 'gameServerSet',
      title: 'OKG_COL_GAME_SERVER_SET',
      sortKey: 'gameServerSet',
      render: (gs) =>
        gs.gameServerSet ? <Link to={paths.gameServerSet(gs.namespace, gs.gameServerSet)}>{gs.gameServerSet}</Link> : '-',
    },
    {
      key: 'state',
      title: 'OKG_COL_STATE',
      sortKey: 'state',
      render: (gs) => <EnumTag kind="state" value={gs.state} />,
    },
    {
      key: 'opsState',
      title: 'OKG_COL_OPS_STATE',
      sortKey: 'opsState',
      render: (gs) => <EnumTag kind="opsState" value={gs.opsState} />,
    },
    {
      key: 'network',
      title: 'OKG_COL_NETWORK',
      sortKey: 'networkState',
      render: (gs) => (
        <div>
          <EnumTag kind="networkState" value={gs.network.state} />
          {endpoints(gs.network.externalAddresses).map((ep) => (
            <div key={ep}>
              <Copyable text={ep} />
            </div>
          ))}
        </div>
      ),
    },
    {
      key: 'deletionPriority',
      title: 'OKG_COL_DELETION_PRIORITY',
      sortKey: 'deletionPriority',
      align: 'right',
      render: (gs) => gs.deletionPriority,
    },
    {
      key: 'updatePriority',
      title: 'OKG_COL_UPDATE_PRIORITY',
      sortKey: 'updatePriority',
      align: 'right',
      render: (gs) => gs.updatePriority,
    },
    {
      key: 'image',
      title: 'OKG_COL_IMAGE',
      render: (gs) =>
        gs.images.length ? gs.images.map((im) => <ImageRef key={im.container} container={im.container} image={im.image} />) : '-',
    },
    {
      key: 'node',
      title: 'OKG_COL_NODE',
      sortKey: 'node',
      render: (gs) =>
        gs.pod?.node ? (
          <Link to={paths.node(gs.pod.node)} data-testid="node-link">
            <Ellipsis title={gs.pod.node} maxWidth={200}>
              {gs.pod.node}
            </Ellipsis>
          </Link>
        ) : (
          '-'
        ),
    },
    {
      key: 'pod',
      title: 'OKG_COL_POD',
      sortKey: 'restarts',
      render: (gs) =>
        gs.pod ? (
          <span data-ready={gs.pod.ready} style={{ whiteSpace: 'nowrap' }}>
            {gs.pod.readyContainers}/{gs.pod.containers} · {gs.pod.restarts}↻
          </span>
        ) : (
          '-'
        ),
    },
    ...usageColumns(),
    { key: 'age', title: 'OKG_COL_AGE', sortKey: 'age', render: (gs) => <Age timestamp={gs.createdAt} /> },
  ];
  return columns.filter((c) => !hide.includes(c.key));
}
