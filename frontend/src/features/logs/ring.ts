/** Lines kept in the browser for one log view: at most this many, the oldest dropped first. */
export const MAX_LOG_LINES = 10_000;

/**
 * A ring of log lines fed with arbitrary chunks of text (a streamed response splits lines
 * anywhere): a partial last line waits for its end. Memory stays bounded by `capacity`
 * lines; `dropped` counts the lines let go.
 */
export class LineRing {
  private buf: string[] = [];
  private start = 0;
  private partial = '';
  dropped = 0;

  constructor(readonly capacity: number = MAX_LOG_LINES) {}

  /** Adds a chunk; returns whether a whole line was added. */
  push(chunk: string): boolean {
    const parts = (this.partial + chunk).split('\n');
    this.partial = parts.pop() ?? '';
    for (const line of parts) this.add(line);
    return parts.length > 0;
  }

  /** Ends the stream: a last line without a newline counts too. */
  flush(): void {
    if (this.partial) this.add(this.partial);
    this.partial = '';
  }

  private add(line: string): void {
    if (this.buf.length < this.capacity) {
      this.buf.push(line);
      return;
    }
    this.buf[this.start] = line;
    this.start = (this.start + 1) % this.capacity;
    this.dropped++;
  }

  /** The kept lines, oldest first. */
  lines(): string[] {
    return this.start === 0 ? this.buf.slice() : this.buf.slice(this.start).concat(this.buf.slice(0, this.start));
  }

  get size(): number {
    return this.buf.length;
  }
}
