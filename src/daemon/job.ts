import type { LoadedConfig } from '../config/load.js';
import type { Store } from '../store/store.js';
import type { AdapterLogger } from '../sync/channel.js';
import type { SyncDeps, SyncOptions, SyncReport } from '../sync/types.js';

/** What a job touched, one entry per channel / carrier / workbook, with the numbers metrics and logs show. */
export interface TargetOutcome {
  kind: 'channel' | 'carrier' | 'import';
  name: string;
  /** The core's own status word (completed, completed_with_errors, failed, cancelled, ...). */
  status: string;
  runId: number | null;
  changes: number;
  /** Items actually written to the remote (or rows written to the store, for an import). */
  pushed: number;
  errors: number;
  durationMs: number;
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
  /** Channels and carriers the job works on (for `status` next-run times). */
  channels: string[];
  carriers: string[];
  run(ctx: JobContext): Promise<JobOutcome>;
}
