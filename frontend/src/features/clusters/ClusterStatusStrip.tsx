import React from 'react';
import styled from 'styled-components';
import { StateTag } from '../../components/StateTag';
import type { LiveState } from '../../hooks/useLive';
import { useT, type MessageKey } from '../../i18n';
import type { ClusterAnswer } from './api';
import { clusterHealth, HEALTH_LABELS, HEALTH_TONES } from './merge';

const Strip = styled.div`
  display: flex;
  flex-wrap: wrap;
  gap: 8px;
  padding: 8px 20px;
  background: #f9fbfd;
  border-top: 1px solid #e3e9ef;
  border-bottom: 1px solid #e3e9ef;
  font-size: 12px;
`;

const Item = styled.div<{ failed: boolean }>`
  display: flex;
  flex-direction: column;
  gap: 2px;
  padding: 4px 10px;
  border-radius: 4px;
  border: 1px solid ${({ failed }) => (failed ? '#f5a623' : '#d8dee5')};
  background: #fff;
  min-width: 160px;
  max-width: 420px;
`;

const Head = styled.div`
  display: flex;
  align-items: center;
  gap: 8px;
  strong {
    color: #242e42;
  }
`;

const Detail = styled.span`
  color: #79879c;
`;

const Why = styled.span`
  color: #ca2621;
  overflow-wrap: anywhere;
`;

const LIVE_LABELS: Record<LiveState, MessageKey> = {
  live: 'OKG_MC_STREAM_LIVE',
  connecting: 'OKG_MC_STREAM_CONNECTING',
  polling: 'OKG_MC_STREAM_POLLING',
};

/**
 * Which clusters answered a merged request and which did not, and why (forbidden, too slow,
 * unreachable, …): each with its item count and time, and its live stream's state.
 */
export function ClusterStatusStrip({
  answers,
  streams = {},
  noun = 'OKG_MC_ITEMS',
}: {
  answers: readonly ClusterAnswer[];
  streams?: Record<string, LiveState>;
  /** how the counted items are called ("{{count}} game servers") */
  noun?: MessageKey;
}): React.ReactElement | null {
  const t = useT();
  if (!answers.length) return null;
  const failed = answers.filter((a) => !a.ok).length;
  return (
    <Strip data-testid="cluster-strip" data-failed={failed} role="status" aria-label={t('OKG_MC_STRIP_LABEL', { answered: answers.length - failed, total: answers.length })}>
      {answers.map((a) => {
        const health = clusterHealth(a);
        const stream = streams[a.name];
        return (
          <Item key={a.name} failed={!a.ok} data-cluster={a.name} data-health={health}>
            <Head>
              <strong>{a.name}</strong>
              <StateTag label={t(HEALTH_LABELS[health])} tone={HEALTH_TONES[health]} />
            </Head>
            {a.ok ? (
              <Detail>
                {t(noun, { count: a.totalItems ?? 0 })}
                {a.tookMs !== undefined ? ` · ${t('OKG_MC_TOOK', { ms: a.tookMs })}` : ''}
                {stream ? (
                  <span data-stream={stream}>
                    {' · '}
                    {t(LIVE_LABELS[stream])}
                  </span>
                ) : null}
              </Detail>
            ) : (
              <Why data-raw="true" title={a.error}>
                {a.code ? `${a.code}: ` : ''}
                {a.error || t(HEALTH_LABELS[health])}
              </Why>
            )}
          </Item>
        );
      })}
    </Strip>
  );
}
