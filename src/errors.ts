// One place maps failures to SPEC exit codes. Every module throws IntegrError (or a subclass);
// the CLI turns it into a one-line message (or JSON) and the matching exit code.

export const ExitCode = {
  OK: 0,
  UNEXPECTED: 1,
  USAGE: 2,
  ITEM_ERRORS: 3,
  SAFETY: 4,
  REMOTE: 5,
  INTERRUPTED: 130,
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** Stable, machine-readable error codes used in `{ error: { code } }`. */
export type ErrorCode =
  | 'UNEXPECTED'
  | 'USAGE'
  | 'CONFIG'
  | 'FILE'
  | 'NOT_XLSX'
  | 'STORE'
  | 'ROW_ERRORS'
  | 'ITEM_ERRORS'
  | 'SAFETY'
  | 'DRIFT'
  | 'REMOTE_UNREACHABLE'
  | 'REMOTE_AUTH'
  | 'REMOTE_ERROR'
  | 'LOCKED'
  | 'NOT_FOUND'
  | 'INTERRUPTED';

const exitFor: Record<ErrorCode, ExitCodeValue> = {
  UNEXPECTED: ExitCode.UNEXPECTED,
  USAGE: ExitCode.USAGE,
  CONFIG: ExitCode.USAGE,
  FILE: ExitCode.USAGE,
  NOT_XLSX: ExitCode.USAGE,
  STORE: ExitCode.USAGE,
  NOT_FOUND: ExitCode.USAGE,
  ROW_ERRORS: ExitCode.ITEM_ERRORS,
  ITEM_ERRORS: ExitCode.ITEM_ERRORS,
  SAFETY: ExitCode.SAFETY,
  DRIFT: ExitCode.SAFETY,
  REMOTE_UNREACHABLE: ExitCode.REMOTE,
  REMOTE_AUTH: ExitCode.REMOTE,
  REMOTE_ERROR: ExitCode.REMOTE,
  LOCKED: ExitCode.UNEXPECTED,
  INTERRUPTED: ExitCode.INTERRUPTED,
};

export class IntegrError extends Error {
  readonly code: ErrorCode;
  readonly exitCode: ExitCodeValue;
  /** Optional hint printed on a second line for people (never in JSON `message`). */
  readonly hint?: string;

  constructor(code: ErrorCode, message: string, options: { hint?: string; cause?: unknown; exitCode?: ExitCodeValue } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'IntegrError';
    this.code = code;
    this.exitCode = options.exitCode ?? exitFor[code];
    this.hint = options.hint;
  }
}

export const usageError = (message: string, hint?: string) => new IntegrError('USAGE', message, { hint });
export const configError = (message: string, hint?: string) => new IntegrError('CONFIG', message, { hint });

/** Normalise anything thrown into an IntegrError without losing the original. */
export function toIntegrError(err: unknown): IntegrError {
  if (err instanceof IntegrError) return err;
  const e = err as { code?: string; message?: string } | undefined;
  if (e && typeof e.code === 'string') {
    if (e.code === 'ENOENT') return new IntegrError('FILE', e.message ?? 'file not found', { cause: err });
    if (e.code === 'EACCES' || e.code === 'EPERM') return new IntegrError('UNEXPECTED', e.message ?? 'permission denied', { cause: err });
    if (e.code === 'SQLITE_BUSY') return new IntegrError('STORE', 'the store is busy (another integr process holds it); try again', { cause: err, exitCode: ExitCode.UNEXPECTED });
  }
  return new IntegrError('UNEXPECTED', e?.message ?? String(err), { cause: err });
}
