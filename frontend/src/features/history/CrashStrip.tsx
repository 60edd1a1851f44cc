// Crash loops at a glance: restarts, crashes and warnings in the last hour and day above a timeline.
import { Tag } from '@kubed/components';
import React from 'react';
import { Link } from 'react-router-dom';
import styled from 'styled-components';
import { usePaths } from '../../app/env';
import { useT, type MessageKey } from '../../i18n';
import { useCrashSummary } from './hooks';
import { CRASH_LOOP_THRESHOLD, type Counts, type CrashSummary } from './summary';

const Strip = styled.div<{ alarm: boolean }>`
  display: flex;
  flex-wrap: wrap;
  align-items: center;
  gap: 8px 24px;
  padding: 8px 12px;
  border-radius: 4px;
  background: ${({ alarm }) => (alarm ? '#fff1f0' : '#f9fbfd')};
  border: 1px solid ${({ alarm }) => (alarm ? '#f3b8b5' : '#e3e9ef')};
  font-size: 12px;
`;

const Stat = styled.span<{ hot: boolean }>`
  color: ${({ hot }) => (hot ? '#ca2621' : '#242e42')};
  b {
    font-size: 14px;
  }
`;

const Muted = styled.span`
  color: #79879c;
`;

function StatView({ id, label, counts, plus }: { id: string; label: MessageKey; counts: Counts; plus: boolean }): React.ReactElement {
  const t = useT();
  const n = (v: number) => `${v}${plus ? '+' : ''}`;
  return (
    <Stat hot={counts.hour > 0} data-testid={`summary-${id}`} data-hour={counts.hour} data-day={counts.day}>
      {t(label)}: <b>{n(counts.hour)}</b> <Muted>{t('OKG_HISTORY_LAST_HOUR')}</Muted> · <b>{n(counts.day)}</b> <Muted>{t('OKG_HISTORY_LAST_DAY')}</Muted>
    </Stat>
  );
}

/** The most crash-looping servers a strip names. */
const MAX_NAMED = 5;

export function CrashStrip({ summary, single }: { summary: CrashSummary & { lowerBound: boolean }; single: boolean }): React.ReactElement {
  const t = useT();
  const paths = usePaths();
  const quiet = summary.restarts.day === 0 && summary.crashes.day === 0 && summary.warnings.day === 0;
  return (
    <Strip alarm={summary.crashLoop} data-testid="history-summary" data-crash-loop={summary.crashLoop ? 'true' : 'false'}>
      {summary.crashLoop && (
        <span title={t('OKG_HISTORY_CRASH_LOOP_HINT', { n: CRASH_LOOP_THRESHOLD })} data-testid="crash-loop">
          <Tag color="error">{t('OKG_HISTORY_CRASH_LOOP')}</Tag>
        </span>
      )}
      {summary.crashLoop && !single && (
        // on a set or feed: which servers
        <span data-testid="crash-looping">
          {summary.looping.slice(0, MAX_NAMED).map((id, i) => {
            const [ns, name] = id.split('/');
            return (
              <React.Fragment key={id}>
                {i > 0 && ', '}
                <Link to={paths.gameServer(ns, name)}>{id}</Link>
              </React.Fragment>
            );
          })}
          {summary.looping.length > MAX_NAMED && ` +${summary.looping.length - MAX_NAMED}`}
        </span>
      )}
      {quiet ? (
        <Muted data-testid="summary-quiet">{t('OKG_HISTORY_QUIET')}</Muted>
      ) : (
        <>
          <StatView id="restarts" label={'OKG_HISTORY_RESTARTS'} counts={summary.restarts} plus={summary.lowerBound} />
          <StatView id="crashes" label={'OKG_HISTORY_CRASHES'} counts={summary.crashes} plus={summary.lowerBound} />
          <StatView id="warnings" label={'OKG_HISTORY_WARNINGS'} counts={summary.warnings} plus={summary.lowerBound} />
        </>
      )}
    </Strip>
  );
}

/**
 * "Crash loop" beside a page's title when the server's crash summary says so (the same cached
 * query as the summary strip of its history: no request of its own).
 */
export function CrashLoopBadge({ namespace, name }: { namespace: string; name: string }): React.ReactElement | null {
  const t = useT();
  const summary = useCrashSummary({ namespace, gameServer: name });
  if (!summary.data?.crashLoop) return null;
  return (
    <span title={t('OKG_HISTORY_CRASH_LOOP_HINT', { n: CRASH_LOOP_THRESHOLD })} data-testid="crash-loop-badge">
      <Tag color="error">{t('OKG_HISTORY_CRASH_LOOP')}</Tag>
    </span>
  );
}
