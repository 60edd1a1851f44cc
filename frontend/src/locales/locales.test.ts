import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import en from './en.json';
import zh from './zh.json';

const vars = (s: string) => [...s.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [p] : [];
  });
}

describe('locales', () => {
  it('en and zh have the same keys', () => {
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
  });

  it('every message is non-empty and uses the same variables in both languages', () => {
    const enMap = en as Record<string, string>;
    const zhMap = zh as Record<string, string>;
    for (const key of Object.keys(enMap)) {
      expect(enMap[key].trim(), key).not.toBe('');
      expect(zhMap[key]?.trim(), key).not.toBe('');
      expect(vars(zhMap[key]), key).toEqual(vars(enMap[key]));
    }
  });

  it('keys carry the OKG_ prefix (the host merges every extension into one catalogue)', () => {
    expect(Object.keys(en).filter((k) => !/^OKG_[A-Z0-9_]+$/.test(k))).toEqual([]);
  });

  it('every key the sources use exists and every key is used', () => {
    const root = path.resolve(__dirname, '..');
    const used = new Set<string>();
    for (const file of sourceFiles(root)) {
      for (const m of fs.readFileSync(file, 'utf8').matchAll(/'(OKG_[A-Z0-9_]+)'/g)) used.add(m[1]);
    }
    expect([...used].filter((k) => !(k in en))).toEqual([]);
    expect(Object.keys(en).filter((k) => !used.has(k))).toEqual([]);
  });
});
