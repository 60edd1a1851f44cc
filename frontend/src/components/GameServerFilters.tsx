import { Button, Input, Select } from '@kubed/components';
import React, { useEffect, useState } from 'react';
import styled from 'styled-components';
import { useFixedNamespace } from '../app/env';
import { useT, type MessageKey } from '../i18n';
import type { FilterErrors, GameServerFilterKey } from '../utils/listState';
import { splitList } from '../utils/listState';
import { enumOptions, type EnumKind } from '../utils/enums';
import { GAME_SERVER_STATES, NETWORK_STATES, OPS_STATES } from '../utils/okg';
import type { RangeError } from '../utils/ranges';

const Field = styled.label`
  display: flex;
  flex-direction: column;
  gap: 4px;
  font-size: 12px;
  color: #79879c;
  min-width: 140px;
`;

const ErrorText = styled.span`
  color: #ca2621;
  font-size: 12px;
`;

type Filters = Partial<Record<GameServerFilterKey, string>>;

const MULTI: { key: GameServerFilterKey & EnumKind; label: MessageKey; options: readonly string[] }[] = [
  { key: 'state', label: 'OKG_FILTER_STATE', options: GAME_SERVER_STATES },
  { key: 'opsState', label: 'OKG_FILTER_OPS_STATE', options: OPS_STATES },
  { key: 'networkState', label: 'OKG_FILTER_NETWORK_STATE', options: NETWORK_STATES },
];

const TEXT: { key: GameServerFilterKey; label: MessageKey; placeholder?: MessageKey; width?: number }[] = [
  { key: 'namespace', label: 'OKG_FILTER_NAMESPACE' },
  { key: 'gameServerSet', label: 'OKG_FILTER_GAME_SERVER_SET' },
  { key: 'name', label: 'OKG_FILTER_NAME' },
  { key: 'image', label: 'OKG_FILTER_IMAGE' },
  { key: 'node', label: 'OKG_FILTER_NODE' },
  { key: 'ids', label: 'OKG_FILTER_IDS', placeholder: 'OKG_FILTER_IDS_HINT', width: 120 },
  { key: 'deletionPriority', label: 'OKG_FILTER_DELETION_PRIORITY', placeholder: 'OKG_FILTER_RANGE_HINT', width: 120 },
  { key: 'updatePriority', label: 'OKG_FILTER_UPDATE_PRIORITY', placeholder: 'OKG_FILTER_RANGE_HINT', width: 120 },
  { key: 'cpuUsage', label: 'OKG_FILTER_CPU_USAGE', placeholder: 'OKG_FILTER_CPU_USAGE_HINT', width: 130 },
  { key: 'memoryUsage', label: 'OKG_FILTER_MEMORY_USAGE', placeholder: 'OKG_FILTER_MEMORY_USAGE_HINT', width: 130 },
  { key: 'labelSelector', label: 'OKG_FILTER_LABEL_SELECTOR', placeholder: 'OKG_FILTER_LABEL_SELECTOR_HINT' },
];

const RANGE_ERRORS: Record<RangeError, MessageKey> = {
  empty: 'OKG_RANGE_ERROR_SYNTAX',
  syntax: 'OKG_RANGE_ERROR_SYNTAX',
  order: 'OKG_RANGE_ERROR_ORDER',
  tooLarge: 'OKG_RANGE_ERROR_TOO_LARGE',
};

/**
 * The game server filters. Multi-selects apply at once; text fields apply on Enter or when
 * they lose focus, so typing does not fire a request per key.
 */
export function GameServerFilters({
  filters,
  errors,
  hidden = [],
  onChange,
  onClear,
}: {
  filters: Filters;
  errors: FilterErrors;
  hidden?: GameServerFilterKey[];
  onChange: (filters: Filters) => void;
  onClear: () => void;
}): React.ReactElement {
  const t = useT();
  // inside a KubeSphere project the namespace is the project's: no filter for it
  const fixedNamespace = useFixedNamespace();
  if (fixedNamespace) hidden = [...hidden, 'namespace'];
  const [draft, setDraft] = useState<Filters>(filters);
  useEffect(() => setDraft(filters), [filters]);

  const commit = (key: GameServerFilterKey) => {
    if ((draft[key] ?? '') !== (filters[key] ?? '')) onChange({ [key]: draft[key] ?? '' });
  };

  return (
    <>
      {MULTI.filter((m) => !hidden.includes(m.key)).map((m) => (
        <Field key={m.key} data-filter={m.key}>
          {t(m.label)}
          <Select
            mode="multiple"
            allowClear
            style={{ minWidth: 160 }}
            // options as wide as their labels ("待删除 (WaitToBeDeleted)" must not wrap inside the value)
            dropdownMatchSelectWidth={false}
            placeholder={t('OKG_FILTER_ANY')}
            value={splitList(filters[m.key])}
            options={enumOptions(t, m.key, m.options)}
            onChange={(values: string[]) => onChange({ [m.key]: values.join(',') })}
          />
        </Field>
      ))}
      {TEXT.filter((f) => !hidden.includes(f.key)).map((f) => {
        const error = errors[f.key as keyof FilterErrors];
        return (
          <Field key={f.key} data-filter={f.key}>
            {t(f.label)}
            <Input
              value={draft[f.key] ?? ''}
              width={f.width ?? 160}
              placeholder={f.placeholder ? t(f.placeholder) : undefined}
              aria-invalid={error ? true : undefined}
              onChange={(e: React.ChangeEvent<HTMLInputElement>) => setDraft({ ...draft, [f.key]: e.target.value })}
              onBlur={() => commit(f.key)}
              onKeyDown={(e: React.KeyboardEvent<HTMLInputElement>) => {
                if (e.key === 'Enter') commit(f.key);
              }}
            />
            {error && <ErrorText role="alert">{t(RANGE_ERRORS[error])}</ErrorText>}
          </Field>
        );
      })}
      <Button variant="text" onClick={onClear}>
        {t('OKG_CLEAR_FILTERS')}
      </Button>
    </>
  );
}
