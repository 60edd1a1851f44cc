// A small JSON -> YAML printer for the read-only "raw YAML" views (block style, 2-space indent).

const PLAIN = /^[A-Za-z0-9_./][A-Za-z0-9_./ :@-]*$/;
const RESERVED = /^(true|false|yes|no|on|off|null|~|y|n)$/i;
const NUMERIC = /^[-+]?(\d[\d_]*)?(\.\d+)?([eE][-+]?\d+)?$/;

function scalar(value: string): string {
  if (
    value === '' ||
    !PLAIN.test(value) ||
    RESERVED.test(value) ||
    NUMERIC.test(value) ||
    value.endsWith(' ') ||
    value.includes(': ') ||
    value.endsWith(':')
  ) {
    return JSON.stringify(value);
  }
  return value;
}

function key(k: string): string {
  return scalar(k);
}

function isEmptyCollection(v: unknown): boolean {
  if (Array.isArray(v)) return v.length === 0;
  if (v && typeof v === 'object') return Object.keys(v).length === 0;
  return false;
}

function inline(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return '[]';
  if (typeof v === 'object') return '{}';
  if (typeof v === 'string') return scalar(v);
  return String(v);
}

function lines(value: unknown, indent: string): string[] {
  if (Array.isArray(value)) {
    const out: string[] = [];
    for (const item of value) {
      if (item && typeof item === 'object' && !isEmptyCollection(item)) {
        const inner = lines(item, `${indent}  `);
        const first = inner[0] ?? '';
        out.push(`${indent}- ${first.slice(indent.length + 2)}`, ...inner.slice(1));
      } else {
        out.push(`${indent}- ${inline(item)}`);
      }
    }
    return out;
  }
  if (value && typeof value === 'object') {
    const out: string[] = [];
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (v === undefined) continue;
      if (v && typeof v === 'object' && !isEmptyCollection(v)) {
        out.push(`${indent}${key(k)}:`);
        out.push(...lines(v, Array.isArray(v) ? indent : `${indent}  `));
      } else if (typeof v === 'string' && v.includes('\n')) {
        out.push(`${indent}${key(k)}: |-`);
        out.push(...v.split('\n').map((l) => `${indent}  ${l}`));
      } else {
        out.push(`${indent}${key(k)}: ${inline(v)}`);
      }
    }
    return out;
  }
  return [`${indent}${inline(value)}`];
}

export function toYaml(value: unknown): string {
  return `${lines(value, '').join('\n')}\n`;
}
