import { Alert } from '@kubed/components';
import { FitAddon } from '@xterm/addon-fit';
import { Terminal } from '@xterm/xterm';
import React, { useEffect, useRef, useState } from 'react';
import styled from 'styled-components';
import { ApiError, errorMessage } from '../../api/errors';
import { useApi } from '../../app/env';
import { StateTag } from '../../components/StateTag';
import { StatusError } from '../../components/StatusError';
import { useT, type MessageKey } from '../../i18n';
import { Bar, SmallButton } from '../logs/LogsPanel';
import { TerminalSession, type ExitMessage, type SessionState } from './session';
import { ensureXtermStyle } from './xtermStyle';

const Screen = styled.div`
  box-sizing: border-box;
  overflow: hidden;
  height: 420px;
  padding: 6px;
  background: #1e1e1e;
  border-radius: 4px;
`;

const STATE_LABEL: Record<SessionState, MessageKey> = {
  idle: 'OKG_TERMINAL_IDLE',
  connecting: 'OKG_TERMINAL_CONNECTING',
  connected: 'OKG_TERMINAL_CONNECTED',
  closed: 'OKG_TERMINAL_CLOSED',
};
const STATE_TONE = { idle: 'default', connecting: 'info', connected: 'success', closed: 'warning' } as const;

const END_LABEL: Record<ExitMessage['reason'], MessageKey> = {
  exit: 'OKG_TERMINAL_END_EXIT',
  idle: 'OKG_TERMINAL_END_IDLE',
  disconnected: 'OKG_TERMINAL_END_DISCONNECTED',
  error: 'OKG_TERMINAL_END_ERROR',
};

export interface TerminalPanelProps {
  namespace: string;
  name: string;
  containers: string[];
}

/** A terminal in a container of a game server: one session per tab, audited by the server. */
export function TerminalPanel({ namespace, name, containers }: TerminalPanelProps): React.ReactElement {
  const t = useT();
  const api = useApi();
  const [container, setContainer] = useState(containers[0] ?? '');
  const [state, setState] = useState<SessionState>('idle');
  const [exit, setExit] = useState<ExitMessage | undefined>();
  const [refused, setRefused] = useState<unknown>();
  const screen = useRef<HTMLDivElement>(null);
  const term = useRef<{ xterm: Terminal; fit: FitAddon }>();
  const session = useRef<TerminalSession>();

  useEffect(() => {
    ensureXtermStyle();
    const xterm = new Terminal({ fontSize: 13, cursorBlink: true, scrollback: 5000, theme: { background: '#1e1e1e' } });
    const fit = new FitAddon();
    xterm.loadAddon(fit);
    if (screen.current) {
      xterm.open(screen.current);
      fit.fit();
    }
    const input = xterm.onData((d) => session.current?.send(d));
    const resized = xterm.onResize(({ cols, rows }) => session.current?.resize(cols, rows));
    const onWindow = () => fit.fit();
    window.addEventListener('resize', onWindow);
    term.current = { xterm, fit };
    return () => {
      window.removeEventListener('resize', onWindow);
      input.dispose();
      resized.dispose();
      session.current?.close();
      xterm.dispose();
    };
  }, []);

  const connect = async () => {
    const tm = term.current;
    if (!tm) return;
    session.current?.close();
    setRefused(undefined);
    setExit(undefined);
    tm.xterm.reset();
    tm.fit.fit();
    const s = new TerminalSession(api.base, namespace, name, {
      onOutput: (data) => tm.xterm.write(data),
      onState: (st, ex) => {
        setState(st);
        if (st === 'closed') setExit(ex);
        if (st === 'connected') tm.xterm.focus();
      },
    });
    session.current = s;
    try {
      await s.connect(container, { cols: tm.xterm.cols, rows: tm.xterm.rows });
    } catch (err) {
      setRefused(err);
    }
  };

  const open = state === 'connecting' || state === 'connected';
  const forbidden = refused instanceof ApiError && refused.status.code === 403;
  return (
    <div data-testid="terminal-panel">
      <Bar>
        <label>
          {t('OKG_LOGS_CONTAINER')}
          <select data-testid="terminal-container" value={container} disabled={open} onChange={(e) => setContainer(e.target.value)}>
            {containers.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </label>
        {open ? (
          <SmallButton type="button" data-testid="terminal-disconnect" onClick={() => session.current?.close()}>
            {t('OKG_TERMINAL_DISCONNECT')}
          </SmallButton>
        ) : (
          <SmallButton type="button" data-testid="terminal-connect" disabled={!container} onClick={() => void connect()}>
            {t('OKG_TERMINAL_CONNECT')}
          </SmallButton>
        )}
        <span data-testid="terminal-state" data-state={state}>
          <StateTag label={t(STATE_LABEL[state])} tone={STATE_TONE[state]} />
        </span>
        {exit && (
          <span data-testid="terminal-exit" data-reason={exit.reason}>
            {t(END_LABEL[exit.reason], { code: exit.code ?? '-', message: exit.message ?? '' })}
          </span>
        )}
        <span style={{ color: '#79879c' }}>{t('OKG_TERMINAL_AUDITED')}</span>
      </Bar>
      {refused && forbidden ? (
        // not StatusError: its hint names the view/manage permissions, a terminal needs its own
        <div data-testid="terminal-refused" role="alert" style={{ marginBottom: 8 }}>
          <Alert type="error" title={t('OKG_TERMINAL_REFUSED')}>
            <div data-raw="true">{errorMessage(refused)}</div>
          </Alert>
        </div>
      ) : refused ? (
        <div data-testid="terminal-refused">
          <StatusError error={refused} title={t('OKG_TERMINAL_FAILED')} />
        </div>
      ) : null}
      <Screen ref={screen} data-testid="terminal-screen" />
    </div>
  );
}
