import { describe, expect, it } from 'vitest';
import { formatBytes, formatCores, percentOf } from './format';

describe('usage formatting', () => {
  it.each([
    [250, '0.25'],
    [1500, '1.5'],
    [3, '0.003'],
    [0, '0'],
    [2000, '2'],
  ])('formatCores(%d) = %s', (m, want) => expect(formatCores(m)).toBe(want));

  it.each([
    [512, '512 B'],
    [256 * 1024 * 1024, '256 MiB'],
    [1.5 * 1024 ** 3, '1.5 GiB'],
    [100 * 1024 * 1024 + 1, '100 MiB'],
  ])('formatBytes(%d) = %s', (b, want) => expect(formatBytes(b)).toBe(want));

  it.each([
    [250, 500, 50],
    [600, 500, 120],
    [1, 3, 33],
    [100, 0, undefined],
  ])('percentOf(%d, %d) = %s', (used, of, want) => expect(percentOf(used, of)).toBe(want));
});
