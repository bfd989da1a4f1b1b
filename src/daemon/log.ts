import { redact } from '../config/redact.js';
import type { AdapterLogger } from '../sync/channel.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface DaemonLog {
  /** `event` is a stable machine name (run.start, run.end, run.skipped, ...); `message` is for people. */
  log(level: LogLevel, event: string, message: string, fields?: Record<string, unknown>): void;
  /** The logger adapters and cores get. */
  adapter(): AdapterLogger;
}

export interface DaemonLogOptions {
  /** JSON lines (one object per line); default: when the stream is not a terminal. */
  json?: boolean;
  verbose?: boolean;
  quiet?: boolean;
  now?: () => Date;
}

/**
 * The daemon's log on stderr: JSON lines for journald, Docker and log shippers, or a plain line per
 * event on a terminal. Every line passes through redact().
 */
export function createDaemonLog(stream: NodeJS.WritableStream & { isTTY?: boolean }, options: DaemonLogOptions = {}): DaemonLog {
  const json = options.json ?? stream.isTTY !== true;
  const now = options.now ?? (() => new Date());
  const log: DaemonLog = {
    log(level, event, message, fields = {}) {
      if (level === 'debug' && !options.verbose) return;
      if (level === 'info' && options.quiet) return;
      const line = json
        ? JSON.stringify({ time: now().toISOString(), level, event, msg: message, ...fields })
        : `${now().toISOString()} ${level.padEnd(5)} ${message}`;
      stream.write(redact(line) + '\n');
    },
    adapter: () => ({
      verbose: (m) => log.log('debug', 'adapter', m),
      warn: (m) => log.log('warn', 'adapter', m),
    }),
  };
  return log;
}
