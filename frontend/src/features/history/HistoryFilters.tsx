// The history's filters: change kinds, sources, user, warnings only, time range (and on feeds
// kind, set and name). Selects apply at once; text fields on Enter or when they lose focus.
import { Button, Checkbox, Input, Select } from '@kubed/components';
import React, { useEffect, useState } from 'react';
import styled from 'styled-components';
import { HistoryChangeValues, HistorySourceValues, type HistoryChange, type HistorySource } from '../../api/types';
import { useT, type MessageKey } from '../../i18n';
import { CHANGE_LABELS, RANGE_LABELS, SOURCE_LABELS } from './labels';
import { fromLocalInput, rangeSince, TIME_RANGES, toLocalInput, type HistoryFilters, type HistoryKind, type TimeRange } from './query';

const Field = styled.label`
  display: flex;
  flex-direction: column;
  gap: 4px;
  font-size: 12px;
  color: #79879c;
  min-width: 120px;
`;

type TextKey = 'user' | 'gameServerSet' | 'name';

const TEXT: { key: TextKey; label: MessageKey; feedOnly: boolean }[] = [
  { key: 'user', label: 'OKG_HISTORY_FILTER_USER', feedOnly: false },
  { key: 'gameServerSet', label: 'OKG_FILTER_GAME_SERVER_SET', feedOnly: true },
  { key: 'name', label: 'OKG_FILTER_NAME', feedOnly: true },
];

const ANY = '';
const CUSTOM = 'custom';

const ErrorText = styled.span`
  color: #ca2621;
  font-size: 12px;
`;

/** From and to of a custom range: applied when both make sense (to after from). */
function CustomRange({ filters, onChange }: { filters: HistoryFilters; onChange: (patch: Partial<HistoryFilters>) => void }): React.ReactElement {
  const t = useT();
  const [from, setFrom] = useState(toLocalInput(filters.since));
  const [to, setTo] = useState(toLocalInput(filters.until));
  const since = fromLocalInput(from);
  const until = fromLocalInput(to);
  const wrong = !!since && !!until && Date.parse(until) <= Date.parse(since);
  const apply = (f: string, u: string) => {
    const s = fromLocalInput(f);
    const e = fromLocalInput(u);
    if (s && e && Date.parse(e) <= Date.parse(s)) return;
    if (s !== filters.since || e !== filters.until) onChange({ since: s, until: e });
  };
  return (
    <>
      <Field data-filter="since">
        {t('OKG_HISTORY_FROM')}
        <Input
          type="datetime-local"
          value={from}
          width={200}
          onChange={(e: React.ChangeEvent<HTMLInputElement>) => {
            setFrom(e.target.value);
            apply(e.target.value, to);
          }}
        />
      </Field>
      <Field data-filter="until">
        {t('OKG_HISTORY_TO')}
        <Input
          type="datetime-local"
          value={to}
          width={200}
          aria-invalid={wrong ? true : undefined}
          onChange={(e: React.ChangeEvent<HTMLInputElement>) => {
            setTo(e.target.value);
            apply(from, e.target.value);
          }}
        />
        {wrong && <ErrorText role="alert">{t('OKG_HISTORY_RANGE_ORDER')}</ErrorText>}
      </Field>
    </>
  );
}

export function HistoryFilterBar({
  filters,
  feed,
  onChange,
  onClear,
}: {
  filters: HistoryFilters;
  /** a feed over many objects: kind, set and name filters too */
  feed: boolean;
  onChange: (patch: Partial<HistoryFilters>) => void;
  onClear: () => void;
}): React.ReactElement {
  const t = useT();
  const [draft, setDraft] = useState<HistoryFilters>(filters);
  useEffect(() => setDraft(filters), [filters]);
  const commit = (key: TextKey) => {
    const v = (draft[key] ?? '').trim();
    if (v !== (filters[key] ?? '')) onChange({ [key]: v || undefined });
  };

  return (
    <>
      <Field data-filter="change">
        {t('OKG_HISTORY_FILTER_CHANGE')}
        <Select
          mode="multiple"
          allowClear
          style={{ minWidth: 160 }}
          dropdownMatchSelectWidth={false}
          placeholder={t('OKG_FILTER_ANY')}
          value={filters.change ?? []}
          options={HistoryChangeValues.map((c) => ({ label: t(CHANGE_LABELS[c]), value: c }))}
          onChange={(values: HistoryChange[]) => onChange({ change: values.length ? values : undefined })}
        />
      </Field>
      <Field data-filter="source">
        {t('OKG_HISTORY_FILTER_SOURCE')}
        <Select
          mode="multiple"
          allowClear
          style={{ minWidth: 140 }}
          dropdownMatchSelectWidth={false}
          placeholder={t('OKG_FILTER_ANY')}
          value={filters.source ?? []}
          options={HistorySourceValues.map((s) => ({ label: t(SOURCE_LABELS[s]), value: s }))}
          onChange={(values: HistorySource[]) => onChange({ source: values.length ? values : undefined })}
        />
      </Field>
      <Field data-filter="range">
        {t('OKG_HISTORY_FILTER_RANGE')}
        <Select
          style={{ minWidth: 130 }}
          dropdownMatchSelectWidth={false}
          value={filters.range ?? ANY}
          options={[
            { label: t('OKG_HISTORY_RANGE_ANY'), value: ANY },
            ...TIME_RANGES.map((r) => ({ label: t(RANGE_LABELS[r]), value: r })),
            { label: t('OKG_HISTORY_RANGE_CUSTOM'), value: CUSTOM },
          ]}
          onChange={(v: TimeRange | typeof CUSTOM | '') =>
            onChange(
              v === CUSTOM
                ? { range: CUSTOM }
                : v
                  ? { range: v, since: rangeSince(v), until: undefined }
                  : { range: undefined, since: undefined, until: undefined },
            )
          }
        />
      </Field>
      {filters.range === CUSTOM && <CustomRange filters={filters} onChange={onChange} />}
      {feed && (
        <Field data-filter="kind">
          {t('OKG_HISTORY_FILTER_KIND')}
          <Select
            style={{ minWidth: 120 }}
            dropdownMatchSelectWidth={false}
            value={filters.kind ?? ANY}
            options={[
              { label: t('OKG_FILTER_ANY'), value: ANY },
              { label: t('OKG_KIND_GAME_SERVER'), value: 'GameServer' },
              { label: t('OKG_KIND_GAME_SERVER_SET'), value: 'GameServerSet' },
            ]}
            onChange={(v: HistoryKind | '') => onChange({ kind: v || undefined })}
          />
        </Field>
      )}
      {TEXT.filter((f) => feed || !f.feedOnly).map((f) => (
        <Field key={f.key} data-filter={f.key}>
          {t(f.label)}
          <Input
            value={draft[f.key] ?? ''}
            width={140}
            onChange={(e: React.ChangeEvent<HTMLInputElement>) => setDraft({ ...draft, [f.key]: e.target.value })}
            onBlur={() => commit(f.key)}
            onKeyDown={(e: React.KeyboardEvent<HTMLInputElement>) => {
              if (e.key === 'Enter') commit(f.key);
            }}
          />
        </Field>
      ))}
      <div style={{ alignSelf: 'center', paddingTop: 16 }}>
        <Checkbox
          data-testid="history-warnings-only"
          label={t('OKG_HISTORY_FILTER_WARNINGS')}
          checked={!!filters.warning}
          onChange={(e: React.ChangeEvent<HTMLInputElement>) => onChange({ warning: e.target.checked || undefined })}
        />
      </div>
      <div style={{ alignSelf: 'center', paddingTop: 16 }}>
        <Checkbox
          data-testid="history-oldest-first"
          label={t('OKG_HISTORY_OLDEST_FIRST')}
          checked={!!filters.oldestFirst}
          onChange={(e: React.ChangeEvent<HTMLInputElement>) => onChange({ oldestFirst: e.target.checked || undefined })}
        />
      </div>
      <Button variant="text" onClick={onClear}>
        {t('OKG_CLEAR_FILTERS')}
      </Button>
    </>
  );
}
