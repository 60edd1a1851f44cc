import React from 'react';
import { POLL_MS, type LiveState } from '../hooks/useLive';
import { useT, type MessageKey } from '../i18n';
import { StateTag } from './StateTag';

const LABELS: Record<LiveState, MessageKey> = {
  live: 'OKG_LIVE',
  connecting: 'OKG_LIVE_CONNECTING',
  polling: 'OKG_LIVE_POLLING',
};

const TONES = { live: 'success', connecting: 'info', polling: 'warning' } as const;

/** A page's or list's connection state: streaming, (re)connecting, or polling without a stream. */
export function LiveIndicator({ state, testId = 'live-state' }: { state: LiveState; testId?: string }): React.ReactElement {
  const t = useT();
  const label = t(LABELS[state], { seconds: POLL_MS / 1000 });
  return (
    <span data-testid={testId} data-state={state} title={t('OKG_LIVE_HINT', { state: label })} style={{ marginLeft: 'auto', alignSelf: 'center' }}>
      <StateTag label={label} tone={TONES[state]} />
    </span>
  );
}
