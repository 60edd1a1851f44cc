import type { Address, Counts } from '../api/types';
import type { MessageKey, Translate } from '../i18n';

export type AgeUnit = 's' | 'm' | 'h' | 'd' | 'y';

/** Age of a timestamp in its largest whole unit; undefined for an invalid date. */
export function ageOf(timestamp: string, now: number = Date.now()): { count: number; unit: AgeUnit } | undefined {
  const t = Date.parse(timestamp);
  if (Number.isNaN(t)) return undefined;
  const seconds = Math.max(0, Math.floor((now - t) / 1000));
  if (seconds < 60) return { count: seconds, unit: 's' };
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return { count: minutes, unit: 'm' };
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return { count: hours, unit: 'h' };
  const days = Math.floor(hours / 24);
  if (days < 365) return { count: days, unit: 'd' };
  return { count: Math.floor(days / 365), unit: 'y' };
}

/** Age of a timestamp as a short string: 45s, 12m, 3h, 5d, 2y. Empty for an invalid date. */
export function formatAge(timestamp: string, now: number = Date.now()): string {
  const age = ageOf(timestamp, now);
  return age ? `${age.count}${age.unit}` : '';
}

const AGE_KEYS: Record<AgeUnit, MessageKey> = {
  s: 'OKG_AGE_SECONDS',
  m: 'OKG_AGE_MINUTES',
  h: 'OKG_AGE_HOURS',
  d: 'OKG_AGE_DAYS',
  y: 'OKG_AGE_YEARS',
};

/** formatAge in the user's language: "12m" / "12分钟". */
export function ageText(t: Translate, timestamp: string, now: number = Date.now()): string {
  const age = ageOf(timestamp, now);
  return age ? t(AGE_KEYS[age.unit], { count: age.count }) : '';
}

/** Date and time in the given locale (the console's language), e.g. "zh-CN". */
export function formatTime(timestamp: string, locale?: string): string {
  const t = Date.parse(timestamp);
  return Number.isNaN(t) ? '' : new Date(t).toLocaleString(locale);
}

/** Every "host:port" an address offers, one per port (or the port range). */
export function addressEndpoints(address: Address): string[] {
  const host = address.endPoint || address.ip;
  if (!host) return [];
  const ports = (address.ports ?? []).map((p) => `${host}:${p.port}`);
  if (ports.length) return ports;
  if (address.portRange?.portRange) return [`${host}:${address.portRange.portRange}`];
  return [host];
}

export function endpoints(addresses: Address[] | undefined): string[] {
  return (addresses ?? []).flatMap(addressEndpoints);
}

export function sumCounts(counts: Counts | undefined): number {
  return Object.values(counts ?? {}).reduce((a, b) => a + b, 0);
}

/** Counts as [key, n] pairs, largest first, zeros left out. */
export function sortedCounts(counts: Counts | undefined): [string, number][] {
  return Object.entries(counts ?? {})
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}
