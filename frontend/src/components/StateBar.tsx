import { Tooltip } from '@kubed/components';
import React from 'react';
import styled from 'styled-components';
import type { Counts } from '../api/types';
import { sortedCounts, sumCounts } from '../utils/format';
import { TONE_COLORS, type Tone } from '../utils/okg';

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

/** A stacked bar of counts by state, coloured by tone, with a small legend. */
export function StateBar({
  counts,
  tone,
  label,
  legend = true,
}: {
  counts: Counts;
  tone: (key: string) => Tone;
  label?: (key: string) => string;
  legend?: boolean;
}): React.ReactElement {
  const total = sumCounts(counts);
  const parts = sortedCounts(counts);
  const name = label ?? ((k: string) => k);
  return (
    <div data-testid="state-bar">
      <Track role="img" aria-label={parts.map(([k, n]) => `${name(k)} ${n}`).join(', ')}>
        {parts.map(([k, n]) => (
          <Tooltip key={k} content={`${name(k)}: ${n}`}>
            <div style={{ width: `${(n / total) * 100}%`, background: TONE_COLORS[tone(k)] }} />
          </Tooltip>
        ))}
      </Track>
      {legend && (
        <Legend>
          {parts.map(([k, n]) => (
            <span key={k}>
              <Swatch color={TONE_COLORS[tone(k)]} />
              {name(k)} {n}
            </span>
          ))}
        </Legend>
      )}
    </div>
  );
}
