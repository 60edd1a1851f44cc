import { parseErrorBody } from '../../api/errors';

/** What a log view asks for (the query of GET .../gameservers/{name}/logs). */
export interface LogQuery {
  container?: string;
  /** undefined: the server decides (the previous container after a crash or restart). */
  previous?: boolean;
  tailLines?: number;
  sinceSeconds?: number;
  timestamps?: boolean;
  follow?: boolean;
  download?: boolean;
}

/** What the server chose for the parameters left out (response headers). */
export interface LogChoice {
  container: string;
  previous: boolean;
}

export function logsPath(base: string, namespace: string, name: string, q: LogQuery): string {
  const p = new URLSearchParams();
  if (q.container) p.set('container', q.container);
  if (q.previous !== undefined) p.set('previous', String(q.previous));
  if (q.tailLines !== undefined) p.set('tailLines', String(q.tailLines));
  if (q.sinceSeconds !== undefined) p.set('sinceSeconds', String(q.sinceSeconds));
  if (q.timestamps) p.set('timestamps', 'true');
  if (q.follow) p.set('follow', 'true');
  if (q.download) p.set('download', 'true');
  const qs = p.toString();
  return `${base}/namespaces/${encodeURIComponent(namespace)}/gameservers/${encodeURIComponent(name)}/logs${qs ? `?${qs}` : ''}`;
}

/**
 * Reads a log response as it streams (a followed log never ends until aborted), handing
 * each decoded chunk to onChunk. Resolves with the server's choices once the headers are in,
 * and `done` when the stream ends.
 */
export async function streamLog(
  url: string,
  onChunk: (text: string) => void,
  signal: AbortSignal,
): Promise<{ choice: LogChoice; done: Promise<void> }> {
  const res = await fetch(url, { signal, credentials: 'same-origin', headers: { Accept: 'text/plain' } });
  if (!res.ok) throw parseErrorBody(res.status, res.statusText, await res.text());
  const choice = {
    container: res.headers.get('X-Okg-Log-Container') ?? '',
    previous: res.headers.get('X-Okg-Log-Previous') === 'true',
  };
  const done = (async () => {
    if (!res.body) {
      onChunk(await res.text());
      return;
    }
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    for (;;) {
      const { value, done: end } = await reader.read();
      if (end) break;
      onChunk(decoder.decode(value, { stream: true }));
    }
    onChunk(decoder.decode());
  })();
  return { choice, done };
}

/** The parts of a line around each case-insensitive match of term (for highlighting). */
export function splitMatches(line: string, term: string): { text: string; match: boolean }[] {
  if (!term) return [{ text: line, match: false }];
  const out: { text: string; match: boolean }[] = [];
  const lower = line.toLowerCase();
  const needle = term.toLowerCase();
  let at = 0;
  for (let i = lower.indexOf(needle); i >= 0; i = lower.indexOf(needle, at)) {
    if (i > at) out.push({ text: line.slice(at, i), match: false });
    out.push({ text: line.slice(i, i + needle.length), match: true });
    at = i + needle.length;
  }
  if (at < line.length) out.push({ text: line.slice(at), match: false });
  return out;
}
