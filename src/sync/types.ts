import type { LoadedConfig } from '../config/load.js';
import type { Store } from '../store/store.js';
import type { AdapterLogger } from './channel.js';

export type SyncMode = 'push' | 'dry-run' | 'check';

export type SyncStatus =
  | 'completed' // everything planned was applied (or nothing to do)
  | 'completed_with_errors' // some items failed or stayed pending/unknown
  | 'refused' // a safety rule stopped the push (exit 4)
  | 'drift' // --check found differences (exit 4)
  | 'failed' // the run could not finish (remote unreachable, credentials, ...)
  | 'cancelled' // interrupted by a signal
  | 'interrupted'; // found still running after its process died (journal only)

export interface SyncProgress {
  channel: string;
  phase: 'read' | 'write' | 'poll';
  done: number;
  total: number;
}

export interface SyncOptions {
  mode: SyncMode;
  /** Narrow the run to these SKUs. */
  skus?: string[];
  /** Overrides safety.maxChanges. */
  maxChanges?: number;
  /** Skip the safety rules (--force). */
  force?: boolean;
  signal?: AbortSignal;
  trigger?: 'cli' | 'daemon';
  /** Wait at most this long for a channel's lock (0: fail at once when held). */
  lockWaitMs?: number;
  /** How long to poll asynchronous batches before leaving items pending (seconds). */
  pollTimeoutSec?: number;
  onProgress?: (p: SyncProgress) => void;
}

export interface PlanLine {
  sku: string;
  remote: number | null;
  target: number;
  delta: number;
  capped?: boolean;
  price?: { sale: number; list: number | null };
}

/** One channel's result; the JSON fields SPEC.md requires, plus a few more. */
export interface SyncReport {
  runId: number | null;
  channel: string;
  type: string;
  mode: SyncMode;
  dryRun: boolean;
  status: SyncStatus;
  totalProducts: number;
  foundInChannel: number;
  notFound: number;
  untracked: number;
  changes: number;
  updated: number;
  unchanged: number;
  errors: number;
  pending: number;
  capped: number;
  /** Local products with no stock row in any warehouse: left alone, never pushed as 0. */
  noLocalStock: number;
  requests: number;
  durationMs: number;
  startedAt: string;
  finishedAt: string;
  plan?: PlanLine[];
  /** Per-item failures (SKU and reason). */
  failures?: { sku: string; reason: string }[];
  /** Why the run failed or was refused. */
  error?: { code: string; message: string };
  /** The exit code this result maps to (SPEC). */
  exitCode: number;
}

export interface SyncDeps {
  loaded: LoadedConfig;
  store: Store;
  log: AdapterLogger;
}
