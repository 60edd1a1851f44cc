import React from 'react';
import { GameServersTable } from '../components/GameServersTable';
import { Page, PageHeader } from '../components/Layout';
import { bulkOperations } from '../components/OperationActions';
import { useT } from '../i18n';

export function GameServersPage(): React.ReactElement {
  const t = useT();
  return (
    <Page data-testid="page-gameservers">
      <PageHeader title={t('OKG_NAV_GAME_SERVERS')} description={t('OKG_GAME_SERVERS_DESC')} />
      <GameServersTable bulkActions={bulkOperations} />
    </Page>
  );
}
