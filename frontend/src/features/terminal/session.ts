import { postJSON } from '../../api/client';
import type { StreamTicket } from '../../api/generated/api';
import { wsUrl } from '../../hooks/useLive';

/** The terminal websocket's protocol (backend/internal/terminal). */
export const TERMINAL_PROTOCOL = 'okgconsole.terminal.v1';

export type SessionState = 'idle' | 'connecting' | 'connected' | 'closed';

export interface ExitMessage {
  type: 'exit';
  code?: number;
  reason: 'exit' | 'idle' | 'disconnected' | 'error';
  message?: string;
}

export interface SessionEvents {
  onOutput(data: Uint8Array): void;
  onState(state: SessionState, exit?: ExitMessage): void;
}

export function execPath(base: string, namespace: string, name: string): string {
  return `${base}/namespaces/${encodeURIComponent(namespace)}/gameservers/${encodeURIComponent(name)}/exec`;
}

/** The one open session of this browser tab: opening another closes it. */
const tab: { active?: TerminalSession } = {};

/**
 * One terminal session: an exec ticket first (the plain request the console authorises,
 * and that KubeSphere authorises for the exec permission only: a refusal comes here, as a
 * Status), then the websocket with the ticket as a second subprotocol.
 */
export class TerminalSession {
  private ws?: WebSocket;
  private closedByUs = false;

  constructor(
    private readonly base: string,
    private readonly namespace: string,
    private readonly name: string,
    private readonly events: SessionEvents,
  ) {}

  /** Rejects with the ticket request's ApiError (403 for a user who may not exec). */
  async connect(container: string, size: { cols: number; rows: number }): Promise<void> {
    if (tab.active && tab.active !== this) tab.active.close();
    tab.active = this;
    this.events.onState('connecting');
    const path = execPath(this.base, this.namespace, this.name);
    let ticket: StreamTicket;
    try {
      ticket = await postJSON<StreamTicket>(`${path}/tickets`, {});
    } catch (err) {
      this.events.onState('idle');
      throw err;
    }
    if (tab.active !== this) return;
    const ws = new WebSocket(wsUrl(`${path}?container=${encodeURIComponent(container)}`), [TERMINAL_PROTOCOL, ticket.protocol]);
    ws.binaryType = 'arraybuffer';
    this.ws = ws;
    let exit: ExitMessage | undefined;
    ws.onopen = () => {
      this.events.onState('connected');
      this.resize(size.cols, size.rows);
    };
    ws.onmessage = (ev: MessageEvent) => {
      if (typeof ev.data === 'string') {
        const m = JSON.parse(ev.data) as ExitMessage;
        if (m.type === 'exit') exit = m;
        return;
      }
      this.events.onOutput(new Uint8Array(ev.data as ArrayBuffer));
    };
    ws.onclose = () => {
      if (tab.active === this) tab.active = undefined;
      this.events.onState('closed', exit ?? (this.closedByUs ? undefined : { type: 'exit', reason: 'disconnected' }));
    };
  }

  send(data: string): void {
    if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify({ type: 'stdin', data }));
  }

  resize(cols: number, rows: number): void {
    if (this.ws?.readyState === WebSocket.OPEN && cols > 0 && rows > 0) this.ws.send(JSON.stringify({ type: 'resize', cols, rows }));
  }

  close(): void {
    this.closedByUs = true;
    if (tab.active === this) tab.active = undefined;
    this.ws?.close();
  }
}
