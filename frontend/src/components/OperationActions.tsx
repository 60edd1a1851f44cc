import { Button } from '@kubed/components';
import React, { useMemo, useState } from 'react';
import { useCanManage } from '../app/env';
import { useT } from '../i18n';
import type { GameServerView } from '../api/types';
import { ACTIONS, containersOf, groupByNamespace, type ActionId, type OperationRunner, type TargetGroup } from '../utils/operations';
import { OperationDialog } from './OperationDialog';

/** A button per operation; each opens the preview → apply dialog for `groups`. */
export function OperationActions({
  groups,
  containers,
  onDone,
  across,
}: {
  groups: TargetGroup[];
  containers?: string[];
  /** across clusters: the runner that sends the operation there, how many servers and clusters */
  across?: { runner: OperationRunner; count: number; clusters: number };
  /** after an operation was applied (e.g. to clear a selection) */
  onDone?: () => void;
}): React.ReactElement {
  const t = useT();
  const [action, setAction] = useState<ActionId | null>(null);
  // the dialog works on the targets chosen when it opened, even if the selection changes behind it
  const [frozen, setFrozen] = useState<TargetGroup[]>([]);
  const disabled = useMemo(() => (across ? across.count === 0 : groups.every((g) => g.names.length === 0)), [groups, across]);
  const [frozenAcross, setFrozenAcross] = useState(across);
  // a user who may only view (KubeSphere "Game Server Viewing") is not offered writes
  if (!useCanManage()) return <></>;
  return (
    <>
      <span data-testid="op-actions" style={{ display: 'inline-flex', flexWrap: 'wrap', gap: 8 }}>
        {ACTIONS.map((a) => (
          <Button
            key={a.id}
            size="xs"
            variant="outline"
            color={a.danger ? 'error' : 'default'}
            data-action={a.id}
            disabled={disabled}
            onClick={() => {
              setFrozen(groups);
              setFrozenAcross(across);
              setAction(a.id);
            }}
          >
            {t(a.label)}
          </Button>
        ))}
      </span>
      {action && (
        <OperationDialog
          action={action}
          groups={frozen}
          runner={frozenAcross?.runner}
          count={frozenAcross?.count}
          clusters={frozenAcross?.clusters}
          containers={containers}
          onClose={(applied) => {
            setAction(null);
            if (applied) onDone?.();
          }}
        />
      )}
    </>
  );
}

/** The bulk bar of a game server table: actions for the selected keys, clearing the selection once applied. */
export function bulkOperations(keys: string[], clear: () => void, rows: GameServerView[]): React.ReactNode {
  return <OperationActions groups={groupByNamespace(keys)} containers={containersOf(keys, rows)} onDone={clear} />;
}
