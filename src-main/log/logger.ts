// Structured logs for the main process. Fields are typed as ids, codes,
// counts and field names only: there is deliberately no way to pass an object
// or an Error, so customer values cannot slip into a log line.
export type LogField = string | number | boolean | null;
export type LogFields = Readonly<Record<string, LogField>>;
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  log: (level: LogLevel, event: string, fields?: LogFields) => void;
}

export function createLogger(write: (line: string) => void = (line) => process.stderr.write(line + '\n')): Logger {
  return {
    log(level, event, fields = {}) {
      write(JSON.stringify({ t: new Date().toISOString(), level, event, ...fields }));
    },
  };
}

/** A logger that keeps its lines, for tests that scan logs for canary values. */
export function createMemoryLogger(): Logger & { readonly lines: string[] } {
  const lines: string[] = [];
  const inner = createLogger((line) => lines.push(line));
  return { lines, log: inner.log };
}
