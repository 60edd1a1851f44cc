import { Alert, Button, Empty, Loading } from '@kubed/components';
import React from 'react';
import styled from 'styled-components';
import { accessHint, errorMessage, isForbidden, isNotFound } from '../api/errors';
import { useT } from '../i18n';

const Center = styled.div`
  display: flex;
  justify-content: center;
  padding: 40px 0;
`;

export function LoadingState(): React.ReactElement {
  const t = useT();
  return (
    <Center role="status" aria-label={t('OKG_LOADING')} data-testid="loading">
      <Loading size="sm" />
    </Center>
  );
}

export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }): React.ReactElement {
  const t = useT();
  return (
    <div data-testid="error" role="alert" style={{ padding: 12 }}>
      <Alert type="error" title={isNotFound(error) ? t('OKG_NOT_FOUND') : isForbidden(error) ? t('OKG_NO_ACCESS_TITLE') : t('OKG_LOAD_FAILED')}>
        <span data-raw="true">{errorMessage(error)}</span>
        {isForbidden(error) && <div data-testid="access-hint">{accessHint(error)}</div>}
        {onRetry && (
          <Button size="xs" variant="text" onClick={onRetry} style={{ marginLeft: 12 }}>
            {t('OKG_RETRY')}
          </Button>
        )}
      </Alert>
    </div>
  );
}

export function EmptyState({ title, description }: { title?: string; description?: string }): React.ReactElement {
  const t = useT();
  return (
    <div data-testid="empty">
      <Empty title={title ?? t('OKG_NO_DATA')} description={description} />
    </div>
  );
}

interface Queryish<T> {
  data: T | undefined;
  error: unknown;
  isLoading: boolean;
  refetch: () => unknown;
}

/** Loading, error and (optionally) empty states of one query; renders children with the data otherwise. */
export function QueryState<T>({
  query,
  isEmpty,
  emptyTitle,
  children,
}: {
  query: Queryish<T>;
  isEmpty?: (data: T) => boolean;
  emptyTitle?: string;
  children: (data: T) => React.ReactNode;
}): React.ReactElement {
  if (query.error && !query.data) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  if (query.isLoading || query.data === undefined) return <LoadingState />;
  if (isEmpty?.(query.data)) return <EmptyState title={emptyTitle} />;
  return <>{children(query.data)}</>;
}
