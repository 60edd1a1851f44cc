// What one history entry says, readably, per kind of change.
import React from 'react';
import styled from 'styled-components';
import type { HistoryEntry } from '../../api/types';
import { ImageRef, Mono } from '../../components/Layout';
import { EnumTag } from '../../components/StateTag';
import { useT, type Translate } from '../../i18n';
import type { EnumKind } from '../../utils/enums';
import { CHANGE_LABELS } from './labels';
import { restartsOf } from './summary';

const Line = styled.span`
  display: inline-flex;
  flex-wrap: wrap;
  align-items: center;
  gap: 4px 6px;
`;

const Label = styled.span`
  color: #79879c;
`;

const Arrow = styled.span`
  color: #79879c;
`;

const Failed = styled.span`
  color: #ca2621;
  font-weight: 600;
`;

const Detail = styled.div`
  margin-top: 2px;
  color: #5f708a;
  font-size: 12px;
  overflow-wrap: anywhere;
`;

/** old → new, each side rendered by `show`; an empty side as "-". */
function FromTo({ old, now, show }: { old: string; now: string; show: (v: string) => React.ReactNode }): React.ReactElement {
  return (
    <>
      <span data-side="old">{old === '' ? '-' : show(old)}</span>
      <Arrow>→</Arrow>
      <span data-side="new">{now === '' ? '-' : show(now)}</span>
    </>
  );
}

const raw = (v: string) => <Mono data-raw="true">{v}</Mono>;
const yesNo = (t: Translate) => (v: string) => (v === 'true' ? t('OKG_YES') : v === 'false' ? t('OKG_NO') : raw(v));

/** The states OKG reports, as tags coloured as in the lists. */
const ENUM_CHANGES: Partial<Record<HistoryEntry['change'], EnumKind>> = { state: 'state', opsState: 'opsState', network: 'networkState' };

/** "key: old → new" for each key of a write's before/after JSON that differs; the raw JSON if it is not an object. */
export function writeDiff(oldJson: string, newJson: string): { key: string; old: string; new: string }[] | undefined {
  let before: unknown;
  let after: unknown;
  try {
    before = oldJson ? JSON.parse(oldJson) : {};
    after = newJson ? JSON.parse(newJson) : {};
  } catch {
    return undefined;
  }
  const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!isObj(before) || !isObj(after)) return undefined;
  const text = (v: unknown) => (v === undefined || v === null ? '' : typeof v === 'string' ? v : JSON.stringify(v));
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  const changed = keys.filter((k) => text(before[k]) !== text(after[k]));
  // a failed write has after = before: show what it was then
  return (changed.length ? changed : keys).map((k) => ({ key: k, old: text(before[k]), new: text(after[k]) }));
}

function WriteView({ entry, t }: { entry: HistoryEntry; t: Translate }): React.ReactElement {
  const diff = writeDiff(entry.old, entry.new);
  return (
    <>
      <Line>
        <strong data-testid="history-user" data-raw="true">{entry.user || t('OKG_HISTORY_UNKNOWN_USER')}</strong>
        <Mono data-raw="true" data-testid="history-action">
          {entry.action || '-'}
        </Mono>
        {entry.error && <Failed data-testid="history-failed">{t('OKG_HISTORY_WRITE_FAILED')}</Failed>}
      </Line>
      {diff ? (
        diff.map((d) => (
          <Detail key={d.key} data-field={d.key}>
            <Line>
              <Mono data-raw="true">{`${d.key}:`}</Mono>
              {entry.error ? raw(d.old || '-') : <FromTo old={d.old} now={d.new} show={raw} />}
            </Line>
          </Detail>
        ))
      ) : (
        <Detail>
          <Line>
            <FromTo old={entry.old} now={entry.new} show={raw} />
          </Line>
        </Detail>
      )}
      {entry.error && (
        <Detail>
          <Mono data-raw="true" style={{ color: '#ca2621' }}>
            {entry.error}
          </Mono>
        </Detail>
      )}
    </>
  );
}

/** The readable body of one entry (its time, object and source are the timeline's). */
export function ChangeView({ entry }: { entry: HistoryEntry }): React.ReactElement {
  const t = useT();
  const label = <Label>{t(CHANGE_LABELS[entry.change] ?? 'OKG_HISTORY_CHANGE_EVENT')}</Label>;
  const enumKind = ENUM_CHANGES[entry.change];
  if (enumKind) {
    return (
      <Line>
        {label}
        <FromTo old={entry.old} now={entry.new} show={(v) => <EnumTag kind={enumKind} value={v} />} />
      </Line>
    );
  }
  switch (entry.change) {
    case 'write':
      return <WriteView entry={entry} t={t} />;
    case 'event':
      return (
        <>
          <Line>
            {label}
            <Mono data-raw="true" data-testid="history-reason">
              {entry.action || '-'}
            </Mono>
            {entry.field && <Label data-raw="true">{`(${entry.field})`}</Label>}
          </Line>
          {entry.message && <Detail data-raw="true">{entry.message}</Detail>}
        </>
      );
    case 'restart':
      return (
        <>
          <Line>
            {label}
            <strong>{t('OKG_HISTORY_RESTARTED', { n: restartsOf(entry), total: entry.new })}</strong>
          </Line>
          {entry.message && (
            <Detail>
              <Mono data-raw="true">{entry.message}</Mono>
            </Detail>
          )}
        </>
      );
    case 'image':
      return (
        <Line>
          {label}
          {entry.field && <Mono data-raw="true">{`${entry.field}:`}</Mono>}
          <FromTo old={entry.old} now={entry.new} show={(v) => <ImageRef image={v} />} />
        </Line>
      );
    case 'serviceQuality':
      return (
        <Line>
          {label}
          {entry.field && <Mono data-raw="true">{`${entry.field}:`}</Mono>}
          <FromTo old={entry.old} now={entry.new} show={raw} />
        </Line>
      );
    case 'networkDisabled':
    case 'paused':
      return (
        <Line>
          {label}
          <FromTo old={entry.old} now={entry.new} show={yesNo(t)} />
        </Line>
      );
    case 'reservedIds':
      return (
        <Line>
          {label}
          <FromTo old={entry.old || t('OKG_NONE')} now={entry.new || t('OKG_NONE')} show={raw} />
        </Line>
      );
    case 'created':
      return (
        <>
          <Line>{label}</Line>
          {entry.message && <Detail data-raw="true">{entry.message}</Detail>}
        </>
      );
    case 'deleted':
      return (
        <Line>
          {label}
          {entry.old && (
            <>
              <Label>{t('OKG_HISTORY_LAST_STATE')}</Label>
              <EnumTag kind="state" value={entry.old} />
            </>
          )}
        </Line>
      );
    case 'pod':
      return (
        <Line>
          {label}
          <FromTo old={entry.old.slice(0, 8)} now={entry.new.slice(0, 8)} show={raw} />
        </Line>
      );
    default:
      // priorities, replicas, partition, node: plain values
      return (
        <Line>
          {label}
          <FromTo old={entry.old} now={entry.new} show={raw} />
        </Line>
      );
  }
}
