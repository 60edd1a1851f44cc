// The crash summary above a timeline: restarts, crashes and warnings in the last hour and day,
// counted from the warning entries of the last 24 hours.
import type { HistoryEntry } from '../../api/types';

export const SUMMARY_WINDOW_MS = 24 * 3600_000;
const HOUR_MS = 3600_000;
/** This many restarts or crashes within the last hour is shown as a crash loop. */
export const CRASH_LOOP_THRESHOLD = 3;

export interface Counts {
  hour: number;
  day: number;
}

export interface CrashSummary {
  restarts: Counts;
  crashes: Counts;
  warnings: Counts;
  /** some game server restarted or crashed CRASH_LOOP_THRESHOLD times or more in the last hour */
  crashLoop: boolean;
  /** which ones ("namespace/name"), most restarts and crashes first */
  looping: string[];
}

/** How many restarts one restart entry stands for (its counts went from old to new). */
export function restartsOf(entry: HistoryEntry): number {
  const o = Number(entry.old) || 0;
  const n = Number(entry.new);
  return Number.isFinite(n) && n > o ? n - o : 1;
}

export function isCrash(entry: HistoryEntry): boolean {
  return entry.change === 'state' && entry.new === 'Crash';
}

/** Counts the entries of the last day (anything older is ignored) as of `now`. */
export function summarize(entries: HistoryEntry[], now: number = Date.now()): CrashSummary {
  const s: CrashSummary = { restarts: { hour: 0, day: 0 }, crashes: { hour: 0, day: 0 }, warnings: { hour: 0, day: 0 }, crashLoop: false, looping: [] };
  const perServer = new Map<string, number>();
  for (const e of entries) {
    const age = now - Date.parse(e.time);
    if (!(age <= SUMMARY_WINDOW_MS)) continue;
    const add = (c: Counts, n = 1) => {
      c.day += n;
      if (age <= HOUR_MS) c.hour += n;
    };
    if (e.warning) add(s.warnings);
    const trouble = e.change === 'restart' ? restartsOf(e) : isCrash(e) ? 1 : 0;
    if (e.change === 'restart') add(s.restarts, trouble);
    if (isCrash(e)) add(s.crashes);
    if (trouble && age <= HOUR_MS) {
      const id = `${e.namespace}/${e.name}`;
      perServer.set(id, (perServer.get(id) ?? 0) + trouble);
    }
  }
  s.looping = [...perServer.entries()]
    .filter(([, n]) => n >= CRASH_LOOP_THRESHOLD)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([id]) => id);
  s.crashLoop = s.looping.length > 0;
  return s;
}
