import { Button } from '@kubed/components';
import React, { useState } from 'react';
import type { GameServerSetView } from '../api/types';
import { useCanManage } from '../app/env';
import { useT } from '../i18n';
import { ReservedIdsDialog } from './ReservedIdsDialog';
import { ScaleDialog } from './ScaleDialog';
import { YamlDownload, YamlEditor } from './YamlEditor';

type Open = 'scale' | 'reserve' | 'yaml' | null;

/** Actions on one GameServerSet (list row and detail header); each opens its preview → apply dialog. */
export function SetActions({ set, size = 'sm' }: { set: GameServerSetView; size?: 'xs' | 'sm' }): React.ReactElement {
  const t = useT();
  const [open, setOpen] = useState<Open>(null);
  const close = () => setOpen(null);
  // a user who may only view (KubeSphere "Game Server Viewing") gets the download only
  if (!useCanManage()) {
    return (
      <span data-testid="set-actions" style={{ display: 'inline-flex', flexWrap: 'wrap', gap: 8 }}>
        <YamlDownload kind="gameserversets" namespace={set.namespace} name={set.name} size={size} />
      </span>
    );
  }
  return (
    <span data-testid="set-actions" style={{ display: 'inline-flex', flexWrap: 'wrap', gap: 8 }}>
      <Button size={size} variant="outline" data-action="scale" onClick={() => setOpen('scale')}>
        {t('OKG_ACTION_SCALE')}
      </Button>
      <Button size={size} variant="outline" data-action="reserve" onClick={() => setOpen('reserve')}>
        {t('OKG_ACTION_RESERVE_IDS')}
      </Button>
      <Button size={size} variant="outline" data-action="yaml" onClick={() => setOpen('yaml')}>
        {t('OKG_YAML_EDIT')}
      </Button>
      <YamlDownload kind="gameserversets" namespace={set.namespace} name={set.name} size={size} />
      {open === 'scale' && <ScaleDialog namespace={set.namespace} name={set.name} replicas={set.replicas.desired} onClose={close} />}
      {open === 'reserve' && (
        <ReservedIdsDialog
          namespace={set.namespace}
          name={set.name}
          ids={set.reserveGameServerIds}
          strategy={set.scaleDownStrategyType}
          onClose={close}
        />
      )}
      {open === 'yaml' && <YamlEditor namespace={set.namespace} name={set.name} onClose={close} />}
    </span>
  );
}
