import { Button } from '@kubed/components';
import React, { useState } from 'react';
import type { GameServerSetView } from '../api/types';
import { useT } from '../i18n';
import { ScaleDialog } from './ScaleDialog';

/** Actions on one GameServerSet (list row and detail header); each opens its preview → apply dialog. */
export function SetActions({ set, size = 'sm' }: { set: GameServerSetView; size?: 'xs' | 'sm' }): React.ReactElement {
  const t = useT();
  const [open, setOpen] = useState<'scale' | null>(null);
  return (
    <span data-testid="set-actions" style={{ display: 'inline-flex', flexWrap: 'wrap', gap: 8 }}>
      <Button size={size} variant="outline" data-action="scale" onClick={() => setOpen('scale')}>
        {t('OKG_ACTION_SCALE')}
      </Button>
      {open === 'scale' && (
        <ScaleDialog namespace={set.namespace} name={set.name} replicas={set.replicas.desired} onClose={() => setOpen(null)} />
      )}
    </span>
  );
}
