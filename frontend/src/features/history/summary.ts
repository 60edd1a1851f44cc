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
  crashLoop: boolean;
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
  const s: CrashSummary = { restarts: { hour: 0, day: 0 }, crashes: { hour: 0, day: 0 }, warnings: { hour: 0, day: 0 }, crashLoop: false };
  for (const e of entries) {
    const age = now - Date.parse(e.time);
    if (!(age <= SUMMARY_WINDOW_MS)) continue;
    const add = (c: Counts, n = 1) => {
      c.day += n;
      if (age <= HOUR_MS) c.hour += n;
    };
    if (e.warning) add(s.warnings);
    if (e.change === 'restart') add(s.restarts, restartsOf(e));
    if (isCrash(e)) add(s.crashes);
  }
  s.crashLoop = s.restarts.hour + s.crashes.hour >= CRASH_LOOP_THRESHOLD;
  return s;
}
