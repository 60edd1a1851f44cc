import React from 'react';
import { Link } from 'react-router-dom';
import { usePaths } from '../app/env';
import { Page } from '../components/Layout';
import { EmptyState } from '../components/QueryState';
import { useT } from '../i18n';

export function NotFoundPage(): React.ReactElement {
  const t = useT();
  const paths = usePaths();
  return (
    <Page data-testid="page-not-found">
      <EmptyState title={t('OKG_PAGE_NOT_FOUND')} />
      <Link to={paths.overview}>{t('OKG_NAV_OVERVIEW')}</Link>
    </Page>
  );
}
