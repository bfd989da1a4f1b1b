import { ExitCode, toIntegrError, type ErrorCode, type ExitCodeValue } from '../errors.js';
import { redact } from '../config/redact.js';

export interface CarrierFailure {
  code: ErrorCode;
  message: string;
  exitCode: ExitCodeValue;
}

/** A failure that will repeat for every further request to this carrier (credentials refused, host unreachable). */
export function isCarrierWide(err: unknown): boolean {
  const e = toIntegrError(err);
  return e.code === 'REMOTE_AUTH' || e.code === 'REMOTE_UNREACHABLE' || e.code === 'CONFIG' || e.code === 'USAGE';
}

/** The request reached the carrier but no complete answer came back (RemoteError.outcomeUnknown). */
export function outcomeUnknown(err: unknown): boolean {
  return (err as { outcomeUnknown?: unknown } | null)?.outcomeUnknown === true;
}

export function failureOf(err: unknown): CarrierFailure {
  const e = toIntegrError(err);
  return { code: e.code, message: redact(e.message), exitCode: e.exitCode };
}

export function messageOf(err: unknown): string {
  return redact(toIntegrError(err).message);
}

/** Exit code for a shipments command: interrupted 130, carrier unreachable/refused 5, carrier config 2, item errors 3, else 0. */
export function shipmentsExitCode(report: { status: string; carrierFailures: CarrierFailure[]; failed: number }): ExitCodeValue {
  if (report.status === 'cancelled') return ExitCode.INTERRUPTED;
  if (report.carrierFailures.some((f) => f.exitCode === ExitCode.REMOTE)) return ExitCode.REMOTE;
  // A carrier that could not even be opened (bad config section) is a config error.
  if (report.carrierFailures.some((f) => f.exitCode === ExitCode.USAGE)) return ExitCode.USAGE;
  if (report.carrierFailures.length > 0 || report.failed > 0) return ExitCode.ITEM_ERRORS;
  return ExitCode.OK;
}
