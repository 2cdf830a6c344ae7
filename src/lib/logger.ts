/** @module The one structured logger: JSON-ish key/value lines on stderr, levels by EVERYNODE_LOG. */

/** Level orders log verbosity. */
export type Level = 'debug' | 'info' | 'warn' | 'error';

const order: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Logger writes structured lines; `with` returns a child carrying extra fields. */
export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  with(fields: Record<string, unknown>): Logger;
}

/** Options of createLogger. */
export interface LoggerOptions {
  /** @default process.env.EVERYNODE_LOG ?? 'info' */
  level?: Level;
  /** @default process.stderr */
  sink?: (line: string) => void;
}

/** createLogger builds a Logger writing `time level msg k=v ...` lines. */
export function createLogger(
  options: LoggerOptions = {},
  base: Record<string, unknown> = {},
): Logger {
  const envLevel = process.env['EVERYNODE_LOG'];
  const level: Level =
    options.level ?? (envLevel && envLevel in order ? (envLevel as Level) : 'info');
  const sink = options.sink ?? ((line: string) => process.stderr.write(line + '\n'));
  const write = (l: Level, msg: string, fields?: Record<string, unknown>): void => {
    if (order[l] < order[level]) return;
    const all = { ...base, ...fields };
    const kv = Object.entries(all)
      .map(([k, v]) => `${k}=${formatValue(v)}`)
      .join(' ');
    sink(`${new Date().toISOString()} ${l.toUpperCase()} ${msg}${kv ? ' ' + kv : ''}`);
  };
  return {
    debug: (m, f) => write('debug', m, f),
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
    with: (fields) => createLogger({ level, sink }, { ...base, ...fields }),
  };
}

function formatValue(v: unknown): string {
  if (v instanceof Error) return JSON.stringify(v.message);
  if (typeof v === 'string') return /\s|"/.test(v) ? JSON.stringify(v) : v;
  return JSON.stringify(v) ?? 'undefined';
}

/** silentLogger drops everything (tests). */
export const silentLogger: Logger = createLogger({ sink: () => undefined, level: 'error' });
