import { Alert } from '@kubed/components';
import React from 'react';
import { useT } from '../../i18n';
import { useUsageStatus } from './hooks';

/**
 * Says why there are no usage figures (metrics-server not installed, or the metrics API
 * failing) instead of showing zeros; renders nothing while figures are available.
 */
export function UsageStatusNote({ namespace }: { namespace?: string }): React.ReactElement | null {
  const t = useT();
  const { data } = useUsageStatus(namespace);
  if (!data || data.state === 'Available' || data.state === 'Pending') return null;
  const text =
    data.state === 'NotInstalled' ? t('OKG_USAGE_NOT_INSTALLED') : t('OKG_USAGE_UNAVAILABLE', { reason: data.reason ?? '' });
  return (
    <div data-testid="usage-status" data-state={data.state} style={{ padding: '8px 20px' }}>
      <Alert type="info" showIcon>
        {text}
      </Alert>
    </div>
  );
}
