import { z } from 'zod';

// The shape of .integrationsrc (SPEC.md "Config"). Adapter sections are validated by each
// adapter's own schema (adapters/<type>/), merged with the common keys below.

export const DEFAULT_STORE_PATH = './.integr/integr.db';

const positiveInt = z.number().int().positive();

export const commonChannelShape = {
  type: z.string().min(1),
  baseUrl: z.url().optional(),
  /** Local warehouses that feed this channel; default: all. */
  warehouses: z.array(z.string().min(1)).min(1).optional(),
  /** Units held back per SKU. */
  buffer: z.number().int().min(0).default(0),
  concurrency: z.number().int().min(1).max(32).default(4),
  /** Override the adapter's write batch size (never above the platform's maximum). */
  writeBatchSize: positiveInt.optional(),
  /** Per-request timeout in milliseconds. */
  timeoutMs: positiveInt.default(30_000),
  /** Asynchronous platforms: how long a run polls pending batches before leaving them for the next run. */
  pollTimeoutSec: z.number().positive().optional(),
  /** Asynchronous platforms: first delay between polls (doubles up to 10 s). */
  pollIntervalMs: positiveInt.optional(),
};

export const commonCarrierShape = {
  type: z.string().min(1),
  baseUrl: z.url().optional(),
  timeoutMs: positiveInt.default(30_000),
};

export const scheduleSchema = z
  .object({
    name: z.string().min(1).optional(),
    cron: z.string().min(1),
    run: z.string().min(1),
    timezone: z.string().min(1).optional(),
    catchUp: z.boolean().default(true),
  })
  .strict();

export const baseConfigSchema = z
  .object({
    store: z.object({ path: z.string().min(1).default(DEFAULT_STORE_PATH) }).strict().prefault({}),
    import: z
      .object({
        chunkSize: positiveInt.max(100_000).default(100),
        templatesDir: z.string().min(1).optional(),
        maxUncompressedBytes: positiveInt.default(2 * 1024 * 1024 * 1024),
      })
      .strict()
      .prefault({}),
    safety: z
      .object({
        maxChanges: z.number().int().min(0).default(5000),
        maxZeroRatio: z.number().min(0).max(1).default(0.2),
      })
      .strict()
      .prefault({}),
    // Adapter sections are checked against the adapter's schema in load.ts.
    channels: z.record(z.string().regex(/^[A-Za-z0-9_-]+$/, 'channel names use letters, digits, - and _'), z.record(z.string(), z.unknown())).default({}),
    carriers: z.record(z.string().regex(/^[A-Za-z0-9_-]+$/, 'carrier names use letters, digits, - and _'), z.record(z.string(), z.unknown())).default({}),
    schedules: z.array(scheduleSchema).default([]),
    daemon: z
      .object({
        healthPort: z.number().int().min(1).max(65535).optional(),
        shutdownTimeout: z.number().positive().default(30),
        lockTtl: z.number().positive().default(120),
      })
      .strict()
      .prefault({}),
    notify: z
      .object({
        url: z.url(),
        on: z.array(z.enum(['failure', 'recovery', 'success'])).min(1).default(['failure', 'recovery']),
      })
      .strict()
      .optional(),
  })
  .strict();

export type BaseConfig = z.infer<typeof baseConfigSchema>;

export interface ChannelConfig {
  type: string;
  baseUrl?: string;
  warehouses?: string[];
  buffer: number;
  concurrency: number;
  writeBatchSize?: number;
  timeoutMs: number;
  pollTimeoutSec?: number;
  pollIntervalMs?: number;
  [key: string]: unknown;
}

export interface CarrierConfig {
  type: string;
  baseUrl?: string;
  timeoutMs: number;
  [key: string]: unknown;
}

export type Config = Omit<BaseConfig, 'channels' | 'carriers'> & {
  channels: Record<string, ChannelConfig>;
  carriers: Record<string, CarrierConfig>;
};
