import React, { useEffect, useMemo, useRef, useState } from 'react';
import styled from 'styled-components';
import { useApi } from '../../app/env';
import { StatusError } from '../../components/StatusError';
import { StateTag } from '../../components/StateTag';
import { useT, type MessageKey } from '../../i18n';
import { logsPath, splitMatches, streamLog, type LogChoice, type LogQuery } from './api';
import { LineRing, MAX_LOG_LINES } from './ring';

const TAILS = [100, 1000, 10000] as const;
const SINCES: [number, MessageKey][] = [
  [0, 'OKG_LOGS_SINCE_ALL'],
  [300, 'OKG_LOGS_SINCE_5M'],
  [3600, 'OKG_LOGS_SINCE_1H'],
  [86400, 'OKG_LOGS_SINCE_24H'],
];
/** How often streamed lines are drawn (a busy log must not re-render per chunk). */
const DRAW_MS = 150;

export const Bar = styled.div`
  display: flex;
  flex-wrap: wrap;
  align-items: center;
  gap: 8px 14px;
  margin-bottom: 8px;
  font-size: 12px;
  label {
    display: inline-flex;
    align-items: center;
    gap: 4px;
  }
  select,
  input[type='search'] {
    height: 28px;
    border: 1px solid #ccd3db;
    border-radius: 4px;
    padding: 0 6px;
    font-size: 12px;
    background: #fff;
  }
`;

export const SmallButton = styled.button`
  height: 28px;
  padding: 0 12px;
  border: 1px solid #ccd3db;
  border-radius: 4px;
  background: #fff;
  font-size: 12px;
  cursor: pointer;
  &[aria-pressed='true'] {
    background: #242e42;
    border-color: #242e42;
    color: #fff;
  }
  &:disabled {
    cursor: not-allowed;
    opacity: 0.5;
  }
`;

const Lines = styled.pre<{ wrap: boolean }>`
  margin: 0;
  height: 420px;
  overflow: auto;
  padding: 8px 12px;
  background: #1e1e1e;
  color: #e6e6e6;
  border-radius: 4px;
  font: 12px/1.5 'Roboto Mono', Menlo, Consolas, monospace;
  white-space: ${(p) => (p.wrap ? 'pre-wrap' : 'pre')};
  word-break: ${(p) => (p.wrap ? 'break-all' : 'normal')};
  mark {
    background: #f5a623;
    color: #000;
  }
`;

const Note = styled.div`
  font-size: 12px;
  color: #79879c;
  margin: 4px 0;
`;

export interface LogsPanelProps {
  namespace: string;
  name: string;
  containers: string[];
}

/** A container's log of a game server: tail, previous, since, follow, search, wrap, download. */
export function LogsPanel({ namespace, name, containers }: LogsPanelProps): React.ReactElement {
  const t = useT();
  const api = useApi();
  const [container, setContainer] = useState(containers[0] ?? '');
  const [previous, setPrevious] = useState<boolean | undefined>(undefined); // undefined: the server decides
  const [tailLines, setTailLines] = useState<number>(1000);
  const [since, setSince] = useState<number>(0);
  const [follow, setFollow] = useState(false);
  const [wrap, setWrap] = useState(true);
  const [search, setSearch] = useState('');
  const [choice, setChoice] = useState<LogChoice | undefined>();
  const [error, setError] = useState<unknown>();
  const [streaming, setStreaming] = useState(false);
  const [, setDrawn] = useState(0);
  const ring = useRef(new LineRing(MAX_LOG_LINES));
  const box = useRef<HTMLPreElement>(null);

  const query: LogQuery = useMemo(
    () => ({
      container: container || undefined,
      previous: follow ? false : previous,
      tailLines: since ? undefined : tailLines,
      sinceSeconds: since || undefined,
      follow,
    }),
    [container, previous, tailLines, since, follow],
  );

  useEffect(() => {
    const ctl = new AbortController();
    ring.current = new LineRing(MAX_LOG_LINES);
    setError(undefined);
    setDrawn((n) => n + 1);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const draw = () => {
      if (!timer) timer = setTimeout(() => ((timer = undefined), setDrawn((n) => n + 1)), DRAW_MS);
    };
    streamLog(logsPath(api.base, namespace, name, query), (chunk) => (ring.current.push(chunk), draw()), ctl.signal)
      .then(({ choice: c, done }) => {
        setChoice(c);
        setStreaming(true);
        return done;
      })
      .then(() => ring.current.flush())
      .catch((err: unknown) => {
        if (!ctl.signal.aborted) setError(err);
      })
      .finally(() => {
        if (!ctl.signal.aborted) {
          setStreaming(false);
          setDrawn((n) => n + 1);
        }
      });
    return () => {
      ctl.abort();
      if (timer) clearTimeout(timer);
    };
  }, [api.base, namespace, name, query]);

  const lines = ring.current.lines();
  const matches = search ? lines.filter((l) => l.toLowerCase().includes(search.toLowerCase())).length : 0;

  useEffect(() => {
    if (follow && box.current) box.current.scrollTop = box.current.scrollHeight;
  });

  const prevChecked = follow ? false : (previous ?? choice?.previous ?? false);
  const download = logsPath(api.base, namespace, name, { ...query, follow: false, previous: prevChecked, download: true });
  return (
    <div data-testid="logs-panel">
      <Bar>
        <label>
          {t('OKG_LOGS_CONTAINER')}
          <select data-testid="logs-container" value={container} onChange={(e) => setContainer(e.target.value)}>
            {containers.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </label>
        <label title={t('OKG_LOGS_PREVIOUS_HINT')}>
          <input
            type="checkbox"
            data-testid="logs-previous"
            checked={prevChecked}
            disabled={follow}
            onChange={(e) => setPrevious(e.target.checked)}
          />
          {t('OKG_LOGS_PREVIOUS')}
        </label>
        <label>
          {t('OKG_LOGS_TAIL')}
          <select data-testid="logs-tail" value={tailLines} disabled={since > 0} onChange={(e) => setTailLines(Number(e.target.value))}>
            {TAILS.map((n) => (
              <option key={n} value={n}>
                {t('OKG_LOGS_LINES', { count: n })}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('OKG_LOGS_SINCE')}
          <select data-testid="logs-since" value={since} onChange={(e) => setSince(Number(e.target.value))}>
            {SINCES.map(([s, key]) => (
              <option key={s} value={s}>
                {t(key)}
              </option>
            ))}
          </select>
        </label>
        <SmallButton type="button" data-testid="logs-follow" aria-pressed={follow} onClick={() => setFollow(!follow)}>
          {t('OKG_LOGS_FOLLOW')}
        </SmallButton>
        {follow && (
          <span data-testid="logs-live" data-state={streaming ? 'live' : 'connecting'}>
            <StateTag label={t(streaming ? 'OKG_LIVE' : 'OKG_LIVE_CONNECTING')} tone={streaming ? 'success' : 'info'} />
          </span>
        )}
        <input
          type="search"
          data-testid="logs-search"
          placeholder={t('OKG_LOGS_SEARCH')}
          value={search}
          onChange={(e) => setSearch(e.target.value)}
        />
        {search && <span data-testid="logs-matches">{t('OKG_LOGS_MATCHES', { count: matches })}</span>}
        <label>
          <input type="checkbox" data-testid="logs-wrap" checked={wrap} onChange={(e) => setWrap(e.target.checked)} />
          {t('OKG_LOGS_WRAP')}
        </label>
        <a data-testid="logs-download" href={download} download>
          {t('OKG_LOGS_DOWNLOAD')}
        </a>
      </Bar>
      {choice && (
        <Note data-testid="logs-showing" data-previous={String(choice.previous)}>
          {t(choice.previous ? 'OKG_LOGS_SHOWING_PREVIOUS' : 'OKG_LOGS_SHOWING_CURRENT', { container: choice.container })}
        </Note>
      )}
      {ring.current.dropped > 0 && (
        <Note data-testid="logs-dropped">{t('OKG_LOGS_DROPPED', { count: ring.current.dropped, max: MAX_LOG_LINES })}</Note>
      )}
      {error ? <StatusError error={error} title={t('OKG_LOGS_ERROR')} /> : null}
      <Lines ref={box} wrap={wrap} data-testid="log-lines" data-raw="true">
        {lines.length === 0 && !error ? <span style={{ color: '#79879c' }}>{t('OKG_LOGS_EMPTY')}</span> : null}
        {lines.map((line, i) => (
          <div key={i}>
            {splitMatches(line, search).map((p, j) => (p.match ? <mark key={j}>{p.text}</mark> : <React.Fragment key={j}>{p.text}</React.Fragment>))}
          </div>
        ))}
      </Lines>
    </div>
  );
}
