import { StatusDot } from '@kubed/components';
import React from 'react';
import type { Tone } from '../utils/okg';

// Colour names of kube-design's palette.colors (its `primary`/`secondary` palette entries are
// not hex values and make StatusDot throw).
const DOT: Record<Tone, string> = {
  success: 'green',
  info: 'blue',
  warning: 'yellow',
  error: 'red',
  default: 'white',
};

/** A state with a coloured dot, as KubeSphere shows workload states. */
export function StateTag({ label, tone }: { label: string; tone: Tone }): React.ReactElement {
  return (
    <StatusDot color={DOT[tone]} motion={false} data-tone={tone}>
      {label || '-'}
    </StatusDot>
  );
}
