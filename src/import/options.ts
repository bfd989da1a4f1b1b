import { usageError } from '../errors.js';
import { IMPORT_TYPES, isImportType, type ImportType } from './kinds.js';
import type { OnExisting } from './writers/context.js';

/** What `integr import` accepts (SPEC "import"); the daemon passes the same options. */
export interface ImportOptions {
  type?: ImportType | string;
  template?: string;
  /** Sheet name, or 1-based index (a number, or digits when no sheet has that name). */
  sheet?: string | number;
  /** 1-based row of the headers; default: the first row (of the first 20) that has a template's columns. */
  headerRow?: number | string;
  /** Rows per SQLite transaction; default import.chunkSize (100). */
  chunkSize?: number | string;
  /** Warehouse for stock without a warehouse column; default MAIN. */
  warehouse?: string;
  onExisting?: OnExisting | string;
  dryRun?: boolean;
  /** Stop after this many data rows. */
  limit?: number | string;
  /** Write the failed rows (original columns + Error) to this .xlsx. */
  errorsOut?: string;
  /** Apply a stock-adjust file although a job already applied the same content. */
  force?: boolean;
}

export interface ResolvedOptions {
  type?: ImportType;
  template?: string;
  sheet?: string | number;
  headerRow?: number;
  chunkSize: number;
  warehouse: string;
  onExisting: OnExisting;
  dryRun: boolean;
  limit?: number;
  errorsOut?: string;
  force: boolean;
}

export const DEFAULT_WAREHOUSE = 'MAIN';
export const MAX_CHUNK_SIZE = 100_000;

function positiveInt(name: string, v: unknown, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  const n = typeof v === 'number' ? v : /^\s*\d+\s*$/.test(String(v)) ? Number(v) : NaN;
  if (!Number.isSafeInteger(n) || n < 1 || n > max) throw usageError(`${name} must be a whole number from 1 to ${max}, got "${v}"`);
  return n;
}

export function resolveOptions(o: ImportOptions, defaults: { chunkSize?: number }): ResolvedOptions {
  if (o.type !== undefined && !isImportType(o.type)) throw usageError(`--type must be one of ${IMPORT_TYPES.join(', ')}, got "${o.type}"`);
  const onExisting = o.onExisting ?? 'update';
  if (onExisting !== 'update' && onExisting !== 'skip') throw usageError(`--on-existing must be update or skip, got "${onExisting}"`);
  const warehouse = (o.warehouse ?? DEFAULT_WAREHOUSE).trim();
  if (!warehouse) throw usageError('--warehouse must not be empty');
  let sheet = o.sheet;
  if (typeof sheet === 'string' && sheet.trim() === '') throw usageError('--sheet must not be empty');
  if (typeof sheet === 'number') sheet = positiveInt('--sheet', sheet);
  return {
    type: o.type as ImportType | undefined,
    template: o.template,
    sheet,
    headerRow: positiveInt('--header-row', o.headerRow),
    chunkSize: positiveInt('--chunk-size', o.chunkSize, MAX_CHUNK_SIZE) ?? defaults.chunkSize ?? 100,
    warehouse,
    onExisting,
    dryRun: Boolean(o.dryRun),
    limit: positiveInt('--limit', o.limit),
    errorsOut: o.errorsOut,
    force: Boolean(o.force),
  };
}
