import React from 'react';
import { Link } from 'react-router-dom';
import type { GameServerSetSortKey, GameServerSetView } from '../api/types';
import type { Paths } from '../app/paths';
import { Age } from '../components/Age';
import type { Column } from '../components/DataTable';
import { ImageRef, Muted } from '../components/Layout';
import { StateBar } from '../components/StateBar';
import type { Translate } from '../i18n';
import { SetUsageSummary } from '../features/usage/UsagePanel';
import { enumLabel } from '../utils/enums';

export type GameServerSetColumn = Column<GameServerSetView, GameServerSetSortKey>;

export const gameServerSetKey = (s: GameServerSetView): string => `${s.namespace}/${s.name}`;

export function replicasText(s: GameServerSetView): string {
  const r = s.replicas;
  return `${r.ready}/${r.desired}`;
}

export function gameServerSetColumns(paths: Paths, t: Translate): GameServerSetColumn[] {
  return [
    {
      key: 'name',
      title: 'OKG_COL_NAME',
      sortKey: 'name',
      render: (s) => (
        <div>
          <Link to={paths.gameServerSet(s.namespace, s.name)}>{s.name}</Link>
          <div>
            <Muted>{s.namespace}</Muted>
          </div>
        </div>
      ),
    },
    {
      key: 'replicas',
      title: 'OKG_COL_REPLICAS',
      sortKey: 'readyReplicas',
      render: (s) => (
        <div>
          <strong>{replicasText(s)}</strong>
          <div>
            <Muted>
              {t('OKG_REPLICAS_DETAIL', {
                current: s.replicas.current,
                available: s.replicas.available,
                updated: s.replicas.updated,
              })}
            </Muted>
          </div>
        </div>
      ),
    },
    {
      key: 'states',
      title: 'OKG_COL_STATES',
      width: 260,
      render: (s) => <StateBar counts={s.byState} kind="state" />,
    },
    {
      key: 'images',
      title: 'OKG_COL_IMAGES',
      render: (s) =>
        s.images.length
          ? s.images.map((im) => (
              <ImageRef key={im.container} container={im.container} image={im.image} />
            ))
          : '-',
    },
    {
      key: 'updateStrategy',
      title: 'OKG_COL_UPDATE_STRATEGY',
      render: (s) => (
        <div>
          <span title={s.updateStrategy.type}>{s.updateStrategy.type ? enumLabel(t, 'updateStrategy', s.updateStrategy.type) : '-'}</span>
          <div>
            <Muted>
              {t('OKG_PARTITION_SHORT', { partition: s.updateStrategy.partition })}
              {s.updateStrategy.paused ? ` · ${t('OKG_PAUSED')}` : ''}
            </Muted>
          </div>
        </div>
      ),
    },
    { key: 'usage', title: 'OKG_USAGE_TITLE', render: (s) => <SetUsageSummary usage={s.usage} /> },
    { key: 'age', title: 'OKG_COL_AGE', sortKey: 'age', render: (s) => <Age timestamp={s.createdAt} /> },
  ];
}
