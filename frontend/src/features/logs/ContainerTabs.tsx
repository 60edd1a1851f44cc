import React, { useState } from 'react';
import styled from 'styled-components';
import { useT } from '../../i18n';
import { TerminalPanel } from '../terminal/TerminalPanel';
import { LogsPanel } from './LogsPanel';

const TabBar = styled.div`
  display: flex;
  gap: 4px;
  border-bottom: 1px solid #e3e9ef;
  margin-bottom: 10px;
  button {
    border: 0;
    background: none;
    padding: 6px 14px;
    font-size: 13px;
    cursor: pointer;
    border-bottom: 2px solid transparent;
    color: #79879c;
  }
  button[aria-selected='true'] {
    color: #242e42;
    font-weight: 600;
    border-bottom-color: #242e42;
  }
`;

type Tab = 'logs' | 'terminal';

/**
 * The Logs and Terminal tabs of a game server's pod. The terminal mounts on first use and
 * stays mounted, so switching to the logs and back keeps its session.
 */
export function ContainerTabs({ namespace, name, containers }: { namespace: string; name: string; containers: string[] }): React.ReactElement {
  const t = useT();
  const [tab, setTab] = useState<Tab>('logs');
  const [terminalUsed, setTerminalUsed] = useState(false);
  const pick = (next: Tab) => {
    setTab(next);
    if (next === 'terminal') setTerminalUsed(true);
  };
  return (
    <div>
      <TabBar role="tablist">
        <button type="button" role="tab" data-testid="tab-logs" aria-selected={tab === 'logs'} onClick={() => pick('logs')}>
          {t('OKG_TAB_LOGS')}
        </button>
        <button type="button" role="tab" data-testid="tab-terminal" aria-selected={tab === 'terminal'} onClick={() => pick('terminal')}>
          {t('OKG_TAB_TERMINAL')}
        </button>
      </TabBar>
      {tab === 'logs' && <LogsPanel namespace={namespace} name={name} containers={containers} />}
      {terminalUsed && (
        <div style={{ display: tab === 'terminal' ? 'block' : 'none' }}>
          <TerminalPanel namespace={namespace} name={name} containers={containers} />
        </div>
      )}
    </div>
  );
}
