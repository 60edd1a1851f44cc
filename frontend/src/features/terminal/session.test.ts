import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../api/errors';
import { TERMINAL_PROTOCOL, TerminalSession } from './session';

class FakeSocket {
  static OPEN = 1;
  static opened: FakeSocket[] = [];
  readyState = 0;
  binaryType = '';
  sent: string[] = [];
  onopen?: () => void;
  onclose?: () => void;
  onmessage?: (ev: { data: unknown }) => void;
  constructor(
    readonly url: string,
    readonly protocols: string[],
  ) {
    FakeSocket.opened.push(this);
  }
  send(d: string) {
    this.sent.push(d);
  }
  close() {
    this.readyState = 3;
    this.onclose?.();
  }
}

function answer(status: number, body: unknown) {
  return vi.fn().mockImplementation(() => Promise.resolve(new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })));
}

afterEach(() => {
  vi.unstubAllGlobals();
  FakeSocket.opened = [];
});

describe('TerminalSession', () => {
  it('asks for an exec ticket first and reports a refusal as the 403 Status', async () => {
    const fetch = answer(403, { kind: 'Status', code: 403, reason: 'Forbidden', message: 'opening a terminal needs the right to exec' });
    vi.stubGlobal('fetch', fetch);
    vi.stubGlobal('WebSocket', FakeSocket);
    const states: string[] = [];
    const s = new TerminalSession('/api', 'ns', 's-0', { onOutput: () => undefined, onState: (st) => states.push(st) });
    const err = await s.connect('game', { cols: 80, rows: 24 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).status.code).toBe(403);
    expect(fetch.mock.calls[0][0]).toBe('/api/namespaces/ns/gameservers/s-0/exec/tickets');
    expect(fetch.mock.calls[0][1].method).toBe('POST');
    expect(FakeSocket.opened).toHaveLength(0);
    expect(states).toEqual(['connecting', 'idle']);
  });

  it('offers the ticket as a subprotocol, sends input and sizes as JSON, and keeps one session per tab', async () => {
    vi.stubGlobal('fetch', answer(200, { ticket: 't', protocol: 'okgconsole.ticket.t', expiresAt: '' }));
    vi.stubGlobal('WebSocket', FakeSocket);
    const closed: string[] = [];
    const a = new TerminalSession('/api', 'ns', 's-0', { onOutput: () => undefined, onState: (st) => st === 'closed' && closed.push('a') });
    await a.connect('game', { cols: 100, rows: 30 });
    const ws = FakeSocket.opened[0];
    expect(ws.protocols).toEqual([TERMINAL_PROTOCOL, 'okgconsole.ticket.t']);
    expect(ws.url).toContain('/api/namespaces/ns/gameservers/s-0/exec?container=game');
    ws.readyState = 1;
    ws.onopen?.();
    a.send('ls\r');
    expect(ws.sent.map((d) => JSON.parse(d) as unknown)).toEqual([
      { type: 'resize', cols: 100, rows: 30 },
      { type: 'stdin', data: 'ls\r' },
    ]);
    const b = new TerminalSession('/api', 'ns', 's-1', { onOutput: () => undefined, onState: () => undefined });
    await b.connect('game', { cols: 80, rows: 24 });
    expect(closed).toEqual(['a']); // opening b closed a
    expect(FakeSocket.opened).toHaveLength(2);
  });
});
