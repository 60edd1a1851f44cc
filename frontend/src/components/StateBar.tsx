import { Tooltip } from '@kubed/components';
import React from 'react';
import styled from 'styled-components';
import type { Counts } from '../api/types';
import { useT } from '../i18n';
import { enumLabel, enumText } from '../utils/enums';
import { sortedCounts, sumCounts } from '../utils/format';
import { displayOpsState, networkTone, opsStateTone, stateTone, TONE_COLORS, type Tone } from '../utils/okg';

export type CountKind = 'state' | 'opsState' | 'networkState';

const TONES: Record<CountKind, (key: string) => Tone> = {
  state: stateTone,
  opsState: opsStateTone,
  networkState: networkTone,
};

const Track = styled.div`
  display: flex;
  width: 100%;
  min-width: 120px;
  height: 8px;
  border-radius: 4px;
  overflow: hidden;
  background: #eff4f9;
`;

const Legend = styled.div`
  display: flex;
  flex-wrap: wrap;
  gap: 4px 10px;
  margin-top: 4px;
  font-size: 12px;
  color: #79879c;
`;

const Swatch = styled.i<{ color: string }>`
  display: inline-block;
  width: 8px;
  height: 8px;
  border-radius: 2px;
  margin-right: 4px;
  background: ${({ color }) => color};
`;

/**
 * A stacked bar of counts by state, coloured by tone, with a small legend: translated labels,
 * the raw OKG value in each tooltip (utils/enums.ts). An empty opsState key counts as None.
 */
export function StateBar({ counts, kind, legend = true }: { counts: Counts; kind: CountKind; legend?: boolean }): React.ReactElement {
  const t = useT();
  const total = sumCounts(counts);
  const parts = sortedCounts(counts);
  const raw = (k: string) => (kind === 'opsState' ? displayOpsState(k) : k);
  const name = (k: string) => enumLabel(t, kind, raw(k));
  const tone = TONES[kind];
  return (
    <div data-testid="state-bar">
      <Track role="img" aria-label={parts.map(([k, n]) => `${name(k)} ${n}`).join(', ')}>
        {parts.map(([k, n]) => (
          <Tooltip key={k} content={`${enumText(t, kind, raw(k))}: ${n}`}>
            <div style={{ width: `${(n / total) * 100}%`, background: TONE_COLORS[tone(k)] }} />
          </Tooltip>
        ))}
      </Track>
      {legend && (
        <Legend>
          {parts.map(([k, n]) => (
            <span key={k} title={raw(k)} style={{ whiteSpace: 'nowrap' }}>
              <Swatch color={TONE_COLORS[tone(k)]} />
              {name(k)} {n}
            </span>
          ))}
        </Legend>
      )}
    </div>
  );
}
