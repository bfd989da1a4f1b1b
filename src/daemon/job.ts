import type { LoadedConfig } from '../config/load.js';
import type { ImportDeps, ImportReport } from '../import/pipeline.js';
import type { ImportOptions } from '../import/options.js';
import type { ShipmentsDeps } from '../shipments/deps.js';
import type { ShipmentsSyncReport, SyncShipmentsOptions } from '../shipments/sync.js';
import type { Store } from '../store/store.js';
import type { AdapterLogger } from '../sync/channel.js';
import type { SyncDeps, SyncOptions, SyncReport } from '../sync/types.js';

export type TargetKind = 'channel' | 'carrier' | 'import';

/** What a job touched, one entry per channel / carrier / workbook, with the numbers metrics and logs show. */
export interface TargetOutcome {
  kind: TargetKind;
  /** The channel or carrier name; for an import, the file as the run line names it. */
  name: string;
  /**
   * The core's own status word (completed, completed_with_errors, failed, cancelled, ...), or
   * `locked` (someone else holds it) or, for an import, `unchanged` (its content was imported already).
   */
  status: string;
  /** sync_runs / shipment_runs / import_jobs id; null when nothing was recorded. */
  runId: number | null;
  /** Stock changes planned, shipments whose status changed, rows inserted or updated. */
  changes: number;
  /** Items actually written to the remote (shipments updated, or rows written to the store, for an import). */
  pushed: number;
  errors: number;
  durationMs: number;
  /** The numbers in words when the default "n changes, n pushed, n errors" would not say it well. */
  summary?: string;
  error?: { code: string; message: string };
}

export interface JobOutcome {
  /** The exit code the same command would have given on the command line (SPEC). */
  exitCode: number;
  /** The core stopped early because the run was aborted (between batches). */
  cancelled: boolean;
  /** Set when nothing ran because every target was locked by another process: who holds it. */
  lockedBy?: string;
  targets: TargetOutcome[];
  error?: { code: string; message: string };
}

/** The core functions jobs call: the same ones the CLI commands call. Injected so tests can drive them. */
export interface JobCores {
  syncChannels(deps: SyncDeps, names: string[] | 'all', options: SyncOptions): Promise<SyncReport[]>;
  syncShipments(deps: ShipmentsDeps, options: SyncShipmentsOptions): Promise<ShipmentsSyncReport>;
  importWorkbook(deps: ImportDeps, file: string, options: ImportOptions, signal?: AbortSignal): Promise<ImportReport>;
}

export interface JobContext {
  cores: JobCores;
  loaded: LoadedConfig;
  store: Store;
  log: AdapterLogger;
  /** Aborted on shutdown: the core finishes its current batch, journals it and returns. */
  signal: AbortSignal;
}

/** A parsed `run` line, ready to run in-process through the same core function as the CLI command. */
export interface Job {
  /** The command, e.g. "sync" or "shipments sync". */
  command: string;
  line: string;
  /** Channels, carriers and import files the job works on (status next-run times, metrics series). */
  channels: string[];
  carriers: string[];
  imports: string[];
  run(ctx: JobContext): Promise<JobOutcome>;
}
