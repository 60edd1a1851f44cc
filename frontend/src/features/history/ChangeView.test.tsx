import { cleanup, screen, within } from '@testing-library/react';
import React from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import type { HistoryEntry } from '../../api/types';
import { setLanguage } from '../../i18n';
import { entry } from '../../test/history';
import { fakeApi, renderWithHost } from '../../test/render';
import { opsStateTone, stateTone } from '../../utils/okg';
import { writeDiff } from './ChangeView';
import { Timeline } from './Timeline';

function show(e: HistoryEntry, showObject = false): HTMLElement {
  cleanup();
  renderWithHost(<Timeline entries={[e]} showObject={showObject} />, { api: fakeApi() });
  return screen.getByTestId('history-entry');
}

/** The entry's text nodes joined by spaces (the layout puts gaps between them). */
function text(el: HTMLElement): string {
  const parts: string[] = [];
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) parts.push(n.textContent ?? '');
  return parts.map((p) => p.trim()).filter(Boolean).join(' ');
}

describe('history entries, per kind of change', () => {
  afterEach(() => setLanguage('en'));

  it('state and opsState as coloured tags, as in the lists', () => {
    const row = show(entry(1, { change: 'state', old: 'Ready', new: 'Crash', warning: true }));
    expect(text(row)).toContain('State Ready → Crash');
    expect(row.querySelector('[data-side="new"] [data-tone]')?.getAttribute('data-tone')).toBe(stateTone('Crash'));
    expect(row.getAttribute('data-warning')).toBe('true');
    expect(within(row).getByTestId('history-warning')).toBeTruthy();
    const ops = show(entry(2, { change: 'opsState', old: 'None', new: 'Maintaining' }));
    expect(text(ops)).toContain('OpsState None → Maintaining');
    expect(ops.querySelector('[data-side="new"] [data-tone]')?.getAttribute('data-tone')).toBe(opsStateTone('Maintaining'));
  });

  it('priorities, replicas and partition as old → new', () => {
    expect(text(show(entry(1, { change: 'deletionPriority', old: '0', new: '42' })))).toContain('Deletion priority 0 → 42');
    expect(text(show(entry(2, { change: 'replicas', kind: 'GameServerSet', old: '12', new: '10' })))).toContain('Replicas 12 → 10');
    expect(text(show(entry(3, { change: 'paused', old: 'false', new: 'true' })))).toContain('Paused No → Yes');
    expect(text(show(entry(4, { change: 'reservedIds', old: '', new: '3,5' })))).toContain('Reserved IDs None → 3,5');
  });

  it('an image change names its container', () => {
    const row = show(entry(1, { change: 'image', field: 'game', old: 'reg/game:1', new: 'reg/game:2' }));
    expect(text(row)).toContain('Image game:');
    expect([...row.querySelectorAll('[data-image]')].map((el) => el.getAttribute('data-image'))).toEqual(['reg/game:1', 'reg/game:2']);
  });

  it('a restart says how many and why the container stopped', () => {
    const row = show(entry(1, { change: 'restart', old: '1', new: '3', warning: true, message: 'game: Error, exit code 1' }));
    expect(text(row)).toContain('Restart 2× (total 3)');
    expect(text(row)).toContain('game: Error, exit code 1');
  });

  it('a console write as "<user> <action>: old → new", a failed one marked', () => {
    const ok = show(entry(1, { change: 'write', source: 'console', user: 'alice', action: 'OpsStateChanged', old: '{"opsState":"None"}', new: '{"opsState":"Maintaining"}' }));
    expect(within(ok).getByTestId('history-user').textContent).toBe('alice');
    expect(text(ok)).toContain('alice OpsStateChanged');
    expect(text(ok)).toContain('opsState: None → Maintaining');
    expect(within(ok).queryByTestId('history-failed')).toBeNull();
    expect(within(ok).getByTestId('history-source').getAttribute('data-source')).toBe('console');
    const failed = show(
      entry(2, { change: 'write', source: 'console', user: 'bob', action: 'Scaled', old: '{"replicas":3}', new: '{"replicas":3}', error: 'conflict', warning: true }),
    );
    expect(within(failed).getByTestId('history-failed').textContent).toBe('Failed');
    expect(text(failed)).toContain('conflict');
  });

  it('an Event with its reason and message', () => {
    const row = show(entry(1, { change: 'event', source: 'event', action: 'BackOff', field: 'Pod', message: 'Back-off restarting failed container', warning: true }));
    expect(text(row)).toContain('Event BackOff (Pod)');
    expect(text(row)).toContain('Back-off restarting failed container');
  });

  it('created, deleted with its last state, node, service quality, network', () => {
    expect(text(show(entry(1, { change: 'created', old: '', new: '' })))).toContain('Created');
    expect(text(show(entry(2, { change: 'deleted', old: 'Ready', new: '' })))).toContain('Deleted last state Ready');
    expect(text(show(entry(3, { change: 'node', old: '', new: 'node-2' })))).toContain('Node - → node-2');
    expect(text(show(entry(4, { change: 'serviceQuality', field: 'healthy', old: 'false', new: 'true' })))).toContain('Service quality healthy: false → true');
    expect(text(show(entry(5, { change: 'network', old: 'NotReady', new: 'Ready' })))).toContain('Network state NotReady → Ready');
  });

  it('marks entries reconciled at start as "found on start"; observed ones carry no mark', () => {
    const row = show(entry(1, { source: 'reconciled' }));
    expect(within(row).getByTestId('history-source').textContent).toBe('Found on start');
    expect(within(show(entry(2))).queryByTestId('history-source')).toBeNull();
  });

  it('names and links the object on feeds', () => {
    const row = show(entry(1), true);
    expect(within(row).getByTestId('history-object').getAttribute('href')).toBe('/gameservers/game/arena-1');
  });

  it('speaks Chinese', () => {
    setLanguage('zh');
    const row = show(entry(1, { change: 'restart', old: '0', new: '1', source: 'reconciled', warning: true }));
    expect(text(row)).toContain('重启 1 次（累计 1 次）');
    expect(text(row)).toContain('启动时发现');
  });
});

describe('writeDiff', () => {
  it('lists the keys that changed, all keys of a failed write, nothing for non-objects', () => {
    expect(writeDiff('{"a":1,"b":"x"}', '{"a":2,"b":"x"}')).toEqual([{ key: 'a', old: '1', new: '2' }]);
    expect(writeDiff('{"a":1}', '{"a":1}')).toEqual([{ key: 'a', old: '1', new: '1' }]);
    expect(writeDiff('not json', '{}')).toBeUndefined();
    expect(writeDiff('[1]', '[2]')).toBeUndefined();
  });
});
