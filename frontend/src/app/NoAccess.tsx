import { Card } from '@kubed/components';
import React from 'react';
import { useT } from '../i18n';
import type { Scope } from './scope';

/**
 * Shown instead of a page the user may not see: says where, and which KubeSphere permission
 * opens it (the chart's RoleTemplates "Game Server Viewing" / "Game Server Management").
 */
export function NoAccess({ scope }: { scope?: Scope }): React.ReactElement {
  const t = useT();
  const where = !scope
    ? t('OKG_NO_ACCESS_HERE')
    : scope.kind === 'cluster'
      ? t('OKG_NO_ACCESS_CLUSTER', { cluster: scope.cluster })
      : t('OKG_NO_ACCESS_PROJECT', { project: scope.namespace, cluster: scope.cluster });
  return (
    <Card data-testid="no-access" role="alert">
      <h3 style={{ margin: '0 0 8px', fontSize: 14 }}>{t('OKG_NO_ACCESS_TITLE')}</h3>
      <p style={{ margin: 0 }}>{where}</p>
      <p style={{ margin: '8px 0 0', color: '#79879c' }}>{t('OKG_NO_ACCESS_HINT')}</p>
    </Card>
  );
}
