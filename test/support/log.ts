// The app's log as a test reads it: every line pino writes, parsed, so a test can assert what
// was logged at which level (client faults at info/debug, our own faults at error).
export interface LogLine {
  level: number;
  msg?: string;
  err?: { type?: string; message?: string; stack?: string; code?: string };
  [key: string]: unknown;
}

/** pino's numeric levels. */
export const LEVEL = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60 } as const;

export class LogCapture {
  readonly lines: LogLine[] = [];

  /** pino's destination: one JSON line per call. */
  write(chunk: string): void {
    for (const text of chunk.split('\n')) {
      if (text.trim()) this.lines.push(JSON.parse(text) as LogLine);
    }
  }

  /** A position in the log; `since(mark)` gives what was written after it. */
  mark(): number {
    return this.lines.length;
  }

  since(mark: number): LogLine[] {
    return this.lines.slice(mark);
  }

  /** Lines at `level` or above (e.g. LEVEL.error) written after `mark`. */
  atLeast(level: number, mark = 0): LogLine[] {
    return this.since(mark).filter((line) => line.level >= level);
  }

  /** The lines as text, for an assertion message. */
  static show(lines: LogLine[]): string {
    return lines.map((line) => JSON.stringify(line).slice(0, 600)).join('\n');
  }
}
