import { describe, expect, it } from 'vitest';
import { LineRing } from './ring';

describe('LineRing', () => {
  it('joins lines split across chunks and keeps a partial line until its end', () => {
    const r = new LineRing(10);
    r.push('first li');
    expect(r.lines()).toEqual([]);
    r.push('ne\nsecond\nthi');
    expect(r.lines()).toEqual(['first line', 'second']);
    r.flush();
    expect(r.lines()).toEqual(['first line', 'second', 'thi']);
  });

  it('keeps the newest lines within capacity and counts the dropped ones', () => {
    const r = new LineRing(3);
    r.push('1\n2\n3\n4\n5\n');
    expect(r.lines()).toEqual(['3', '4', '5']);
    expect(r.dropped).toBe(2);
    expect(r.size).toBe(3);
    r.push('6\n');
    expect(r.lines()).toEqual(['4', '5', '6']);
    expect(r.dropped).toBe(3);
  });

  it('holds 10,000 lines by default when fed 25,000', () => {
    const r = new LineRing();
    for (let i = 0; i < 25; i++) r.push(Array.from({ length: 1000 }, (_, j) => `line ${i * 1000 + j}`).join('\n') + '\n');
    const lines = r.lines();
    expect(lines.length).toBe(10_000);
    expect(lines[0]).toBe('line 15000');
    expect(lines[9999]).toBe('line 24999');
    expect(r.dropped).toBe(15_000);
  });
});
