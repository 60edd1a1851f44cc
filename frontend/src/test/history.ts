import type { HistoryEntry } from '../api/types';

/** A history entry of arena-1 a minute ago (state Ready → NotReady) with `patch` applied. */
export function entry(id: number, patch: Partial<HistoryEntry> = {}): HistoryEntry {
  return {
    id,
    time: new Date(Date.now() - 60_000).toISOString(),
    cluster: 'default',
    namespace: 'game',
    kind: 'GameServer',
    name: 'arena-1',
    gameServerSet: 'arena',
    change: 'state',
    old: 'Ready',
    new: 'NotReady',
    source: 'observed',
    warning: false,
    ...patch,
  };
}
