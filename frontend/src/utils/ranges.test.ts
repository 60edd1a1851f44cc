import { describe, expect, it } from 'vitest';
import { formatIdRanges, idInRanges, mergeRanges, parseIdRanges, parsePriorityRange, validateOptional } from './ranges';

describe('parseIdRanges', () => {
  it('parses single ids and inclusive ranges', () => {
    expect(parseIdRanges('1,3,7-9')).toEqual({
      ok: true,
      value: [
        { from: 1, to: 1 },
        { from: 3, to: 3 },
        { from: 7, to: 9 },
      ],
    });
  });

  it('allows spaces and merges overlapping or adjacent ranges', () => {
    const r = parseIdRanges(' 5 - 8 , 1,2, 9,3 ');
    expect(r.ok && formatIdRanges(r.value)).toBe('1-3,5-9');
  });

  it('accepts 0', () => {
    expect(parseIdRanges('0')).toEqual({ ok: true, value: [{ from: 0, to: 0 }] });
  });

  it.each([
    ['', 'empty'],
    ['a', 'syntax'],
    ['1,,2', 'syntax'],
    ['1-', 'syntax'],
    ['-1', 'syntax'],
    ['1-2-3', 'syntax'],
    ['1.5', 'syntax'],
    ['9-7', 'order'],
    ['99999999', 'tooLarge'],
  ])('rejects %j as %s', (input, error) => {
    const r = parseIdRanges(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toBe(error);
  });

  it('names the offending token', () => {
    const r = parseIdRanges('1, 9-7');
    expect(r.ok ? null : r.token).toBe('9-7');
  });

  it('answers membership', () => {
    const r = parseIdRanges('1,7-9');
    expect(r.ok && [0, 1, 7, 8, 9, 10].map((id) => idInRanges(id, r.value))).toEqual([false, true, true, true, true, false]);
  });

  it('merges ranges', () => {
    expect(mergeRanges([{ from: 4, to: 6 }, { from: 1, to: 3 }])).toEqual([{ from: 1, to: 6 }]);
  });
});

describe('parsePriorityRange', () => {
  it.each([
    ['5', { min: 5, max: 5 }],
    ['-5', { min: -5, max: -5 }],
    ['1:10', { min: 1, max: 10 }],
    ['-10:-2', { min: -10, max: -2 }],
    ['3:', { min: 3, max: undefined }],
    [':7', { min: undefined, max: 7 }],
    [' 2 : 4 ', { min: 2, max: 4 }],
  ])('parses %j', (input, value) => {
    expect(parsePriorityRange(input)).toEqual({ ok: true, value });
  });

  it.each([
    [':', 'syntax'],
    ['a:b', 'syntax'],
    ['1-5', 'syntax'],
    ['1:2:3', 'syntax'],
    ['10:1', 'order'],
    ['', 'empty'],
  ])('rejects %j as %s', (input, error) => {
    const r = parsePriorityRange(input);
    expect(r.ok ? null : r.error).toBe(error);
  });
});

describe('validateOptional', () => {
  it('treats blank as no filter', () => {
    expect(validateOptional('  ', parseIdRanges)).toEqual({ ok: true, value: undefined });
    expect(validateOptional(undefined, parsePriorityRange)).toEqual({ ok: true, value: undefined });
  });
});
