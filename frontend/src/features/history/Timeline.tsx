// A history as a timeline: newest first by default, one row per entry with its time (relative,
// exact on hover), the object (where the timeline spans several), what changed and how it was learnt.
import { Tag } from '@kubed/components';
import React, { useEffect, useReducer } from 'react';
import { Link } from 'react-router-dom';
import styled from 'styled-components';
import type { HistoryEntry } from '../../api/types';
import { usePaths } from '../../app/env';
import { Age } from '../../components/Age';
import { useT } from '../../i18n';
import { ChangeView } from './ChangeView';
import { SOURCE_HINTS, SOURCE_LABELS } from './labels';

const List = styled.ol`
  list-style: none;
  margin: 0;
  padding: 0;
`;

const Row = styled.li<{ warning: boolean }>`
  display: grid;
  grid-template-columns: 80px minmax(0, 300px) minmax(0, 1fr) auto;
  gap: 12px;
  align-items: start;
  padding: 8px 12px;
  border-left: 3px solid ${({ warning }) => (warning ? '#ca2621' : '#d8dee5')};
  background: ${({ warning }) => (warning ? '#fff6f6' : 'transparent')};
  font-size: 12px;
  & + & {
    margin-top: 4px;
  }
`;

const When = styled.span`
  color: #5f708a;
`;

const Obj = styled.span`
  overflow-wrap: anywhere;
`;

const Marks = styled.span`
  display: inline-flex;
  gap: 4px;
  justify-content: flex-end;
  white-space: nowrap;
`;

/** Which object an entry is about, linked to its detail page. */
function ObjectRef({ entry }: { entry: HistoryEntry }): React.ReactElement {
  const paths = usePaths();
  const t = useT();
  const set = entry.kind === 'GameServerSet';
  const to = set ? paths.gameServerSet(entry.namespace, entry.name) : paths.gameServer(entry.namespace, entry.name);
  return (
    <Obj title={`${entry.kind} ${entry.namespace}/${entry.name}`}>
      <span style={{ color: '#79879c' }}>{t(set ? 'OKG_KIND_GAME_SERVER_SET' : 'OKG_KIND_GAME_SERVER')} </span>
      <Link to={to} data-testid="history-object">
        {entry.namespace}/{entry.name}
      </Link>
    </Obj>
  );
}

function SourceMark({ entry }: { entry: HistoryEntry }): React.ReactElement | null {
  const t = useT();
  if (entry.source === 'observed') return null;
  const color = entry.source === 'reconciled' ? 'warning' : entry.source === 'console' ? 'secondary' : 'default';
  return (
    // kubed's Tag prints a title prop as a prefix: the hint goes on a wrapper
    <span title={t(SOURCE_HINTS[entry.source])} data-testid="history-source" data-source={entry.source}>
      <Tag color={color}>{t(SOURCE_LABELS[entry.source])}</Tag>
    </span>
  );
}

/** How often the relative times ("2m") are brought up to date. */
export const AGE_TICK_MS = 30_000;

/** Re-renders the caller every `ms`. */
function useTick(ms: number): void {
  const [, tick] = useReducer((n: number) => n + 1, 0);
  useEffect(() => {
    const id = setInterval(tick, ms);
    return () => clearInterval(id);
  }, [ms]);
}

/**
 * The entries of one page. `showObject` adds which object each entry is about (feeds and
 * a set's timeline); a server's own timeline leaves it out.
 */
export function Timeline({ entries, showObject }: { entries: HistoryEntry[]; showObject: boolean }): React.ReactElement {
  const t = useT();
  useTick(AGE_TICK_MS);
  return (
    <List data-testid="history-timeline">
      {entries.map((e) => (
        <Row
          key={e.id}
          warning={e.warning}
          data-testid="history-entry"
          data-change={e.change}
          data-source={e.source}
          data-warning={e.warning ? 'true' : undefined}
          style={showObject ? undefined : { gridTemplateColumns: '80px minmax(0, 1fr) auto' }}
        >
          <When>
            <Age timestamp={e.time} />
          </When>
          {showObject && <ObjectRef entry={e} />}
          <div>
            <ChangeView entry={e} />
          </div>
          <Marks>
            {e.warning && (
              <span data-testid="history-warning">
                <Tag color="error">{t('OKG_HISTORY_WARNING')}</Tag>
              </span>
            )}
            <SourceMark entry={e} />
          </Marks>
        </Row>
      ))}
    </List>
  );
}
