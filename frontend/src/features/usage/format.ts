// Formatting of usage figures: CPU in cores, memory in binary units, a share of a request.

/** 250 → "0.25", 1500 → "1.5", 3 → "0.003" (cores, at most three decimals). */
export function formatCores(millicores: number): string {
  const cores = millicores / 1000;
  return String(Number(cores.toFixed(3)));
}

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

/** 268435456 → "256 MiB", 1610612736 → "1.5 GiB". */
export function formatBytes(bytes: number): string {
  let v = bytes;
  let u = 0;
  while (v >= 1024 && u < UNITS.length - 1) {
    v /= 1024;
    u++;
  }
  return `${Number(v.toFixed(v >= 100 ? 0 : 1))} ${UNITS[u]}`;
}

/** The share of a request (or limit) used, rounded: undefined when there is none. */
export function percentOf(used: number, of: number): number | undefined {
  if (!of || of <= 0) return undefined;
  return Math.round((used / of) * 100);
}
