import React from 'react';
import type { UsageView } from '../../api/types';
import { Muted } from '../../components/Layout';
import { useT } from '../../i18n';
import { formatBytes, formatCores, percentOf } from './format';

/** A figure with its share of the request, when the pod requests any. */
function WithShare({ text, pct, testId }: { text: string; pct?: number; testId: string }): React.ReactElement {
  return (
    <span data-testid={testId} style={{ whiteSpace: 'nowrap' }}>
      {text}
      {pct !== undefined && <Muted style={{ color: pct > 100 ? '#ca2621' : undefined }}> · {pct}%</Muted>}
    </span>
  );
}

/** CPU used in cores, with % of request. */
export function CpuCell({ usage }: { usage: UsageView | null }): React.ReactElement {
  const t = useT();
  if (!usage) return <Muted title={t('OKG_USAGE_NO_FIGURES')}>-</Muted>;
  return <WithShare testId="cpu-usage" text={formatCores(usage.cpuMillicores)} pct={percentOf(usage.cpuMillicores, usage.cpuRequestMillicores)} />;
}

/** Memory used, with % of request. */
export function MemoryCell({ usage }: { usage: UsageView | null }): React.ReactElement {
  const t = useT();
  if (!usage) return <Muted title={t('OKG_USAGE_NO_FIGURES')}>-</Muted>;
  return <WithShare testId="memory-usage" text={formatBytes(usage.memoryBytes)} pct={percentOf(usage.memoryBytes, usage.memoryRequestBytes)} />;
}
