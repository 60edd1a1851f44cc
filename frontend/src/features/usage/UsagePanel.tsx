import React from 'react';
import styled from 'styled-components';
import type { SetUsageView, UsageView } from '../../api/types';
import { Muted } from '../../components/Layout';
import { useT, type Translate } from '../../i18n';
import { formatBytes, formatCores, percentOf } from './format';

const Bar = styled.div`
  position: relative;
  height: 8px;
  width: 220px;
  background: #eff4f9;
  border-radius: 4px;
  overflow: hidden;
`;

const Fill = styled.div<{ pct: number; over: boolean }>`
  height: 100%;
  width: ${({ pct }) => Math.min(pct, 100)}%;
  background: ${({ over }) => (over ? '#ca2621' : '#55bc8a')};
`;

const Line = styled.div`
  display: grid;
  grid-template-columns: 80px 240px auto;
  align-items: center;
  gap: 12px;
  margin: 6px 0;
`;

function meter(t: Translate, label: string, used: string, usedN: number, request: number, limit: number, fmt: (n: number) => string, testId: string) {
  const of = limit || request;
  const pct = percentOf(usedN, of);
  return (
    <Line data-testid={testId}>
      <strong>{label}</strong>
      {pct !== undefined ? (
        <Bar title={`${pct}%`}>
          <Fill pct={pct} over={pct > 100} />
        </Bar>
      ) : (
        <span />
      )}
      <span>
        {used}
        <Muted>
          {request ? ` · ${t('OKG_USAGE_REQUEST')} ${fmt(request)} (${percentOf(usedN, request)}%)` : ` · ${t('OKG_USAGE_NO_REQUEST')}`}
          {limit ? ` · ${t('OKG_USAGE_LIMIT')} ${fmt(limit)} (${percentOf(usedN, limit)}%)` : ''}
        </Muted>
      </span>
    </Line>
  );
}

/** A game server's usage against its requests and limits (the bar fills against the limit, else the request). */
export function UsagePanel({ usage }: { usage: UsageView | null }): React.ReactElement {
  const t = useT();
  if (!usage) return <Muted data-testid="usage-none">{t('OKG_USAGE_NO_FIGURES')}</Muted>;
  return (
    <div data-testid="usage-panel">
      {meter(t, t('OKG_USAGE_CPU'), `${formatCores(usage.cpuMillicores)} ${t('OKG_USAGE_CORES')}`, usage.cpuMillicores,
        usage.cpuRequestMillicores, usage.cpuLimitMillicores, (n) => `${formatCores(n)}`, 'usage-cpu')}
      {meter(t, t('OKG_USAGE_MEMORY'), formatBytes(usage.memoryBytes), usage.memoryBytes, usage.memoryRequestBytes,
        usage.memoryLimitBytes, formatBytes, 'usage-memory')}
    </div>
  );
}

/** A set's totals over the servers that have figures. */
export function SetUsageSummary({ usage }: { usage: SetUsageView | null }): React.ReactElement {
  const t = useT();
  if (!usage) return <Muted>{t('OKG_USAGE_NO_FIGURES')}</Muted>;
  return (
    <span data-testid="set-usage">
      {t('OKG_USAGE_SET_TOTALS', {
        cpu: formatCores(usage.cpuMillicores),
        memory: formatBytes(usage.memoryBytes),
        servers: usage.gameServers,
      })}
      {usage.cpuRequestMillicores > 0 && <Muted> · {t('OKG_USAGE_OF_REQUESTS', { pct: percentOf(usage.cpuMillicores, usage.cpuRequestMillicores) ?? 0 })}</Muted>}
    </span>
  );
}
