import type { Address, Counts } from '../api/types';

/** Age of a timestamp as a short string: 45s, 12m, 3h, 5d, 2y. Empty for an invalid date. */
export function formatAge(timestamp: string, now: number = Date.now()): string {
  const t = Date.parse(timestamp);
  if (Number.isNaN(t)) return '';
  const seconds = Math.max(0, Math.floor((now - t) / 1000));
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours}h`;
  const days = Math.floor(hours / 24);
  if (days < 365) return `${days}d`;
  return `${Math.floor(days / 365)}y`;
}

export function formatTime(timestamp: string): string {
  const t = Date.parse(timestamp);
  return Number.isNaN(t) ? '' : new Date(t).toLocaleString();
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
