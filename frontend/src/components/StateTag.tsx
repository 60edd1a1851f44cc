import { StatusDot } from '@kubed/components';
import React from 'react';
import { useT } from '../i18n';
import { enumLabel, type EnumKind } from '../utils/enums';
import { displayOpsState, networkTone, opsStateTone, stateTone, type Tone } from '../utils/okg';

// Colour names of kube-design's palette.colors (its `primary`/`secondary` palette entries are
// not hex values and make StatusDot throw).
const DOT: Record<Tone, string> = {
  success: 'green',
  info: 'blue',
  warning: 'yellow',
  error: 'red',
  default: 'white',
};

/** A state with a coloured dot, as KubeSphere shows workload states. `title` is its tooltip. */
export function StateTag({ label, tone, title }: { label: string; tone: Tone; title?: string }): React.ReactElement {
  return (
    <span title={title} data-raw-value={title} style={{ whiteSpace: 'nowrap' }}>
      <StatusDot color={DOT[tone]} motion={false} data-tone={tone}>
        {label || '-'}
      </StatusDot>
    </span>
  );
}

const TONES: Partial<Record<EnumKind, (value: string) => Tone>> = {
  state: stateTone,
  opsState: opsStateTone,
  networkState: networkTone,
};

/**
 * An OKG state as a tag: the translated label, the raw value as its tooltip when they differ
 * (see utils/enums.ts for the rule). An empty opsState is OKG's None.
 */
export function EnumTag({ kind, value, tone }: { kind: EnumKind; value: string; tone?: Tone }): React.ReactElement {
  const t = useT();
  const raw = kind === 'opsState' ? displayOpsState(value) : value;
  const label = enumLabel(t, kind, raw);
  return <StateTag label={label} tone={tone ?? TONES[kind]?.(raw) ?? 'default'} title={label !== raw ? raw : undefined} />;
}
