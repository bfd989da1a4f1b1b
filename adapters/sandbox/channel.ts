import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { IntegrError } from '../../src/errors.js';
import type { Change, Channel, ChannelContext, ItemOutcome, LocalItem, RemoteItem } from '../../src/sync/channel.js';

interface SandboxFile {
  note?: string;
  createdAt: string;
  items: Record<string, number>;
}

const MAX = 99_999;

/**
 * The file I/O below is synchronous (so each batch reads, changes and saves the file as one step that
 * concurrent batches cannot interleave). Giving the event loop one turn before each batch keeps a
 * long sync from starving everything else in the process: the daemon's /healthz, signals, timers.
 */
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

function load(path: string): SandboxFile {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as SandboxFile;
    if (!parsed || typeof parsed !== 'object' || typeof parsed.items !== 'object') throw new Error('no "items" object');
    return parsed;
  } catch (err) {
    throw new IntegrError('REMOTE_ERROR', `sandbox file ${path} is not valid: ${(err as Error).message}`, { hint: 'delete it to have it seeded again' });
  }
}

function save(path: string, file: SandboxFile): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(file, null, 2) + '\n');
  renameSync(tmp, path); // atomic: a crash never leaves a half-written remote
}

export function createSandboxChannel(config: { path: string; seedMax: number }, ctx: ChannelContext): Channel {
  // Seeded during the first process that finds no file: every SKU it reads gets a random quantity.
  const seeding = !existsSync(config.path);
  const fresh = (): SandboxFile => ({ note: 'integr sandbox remote: SKU -> quantity. Edit freely.', createdAt: new Date().toISOString(), items: {} });
  return {
    capabilities: {
      writeMode: 'absolute',
      readBatchSize: 500,
      writeBatchSize: 500,
      maxQuantity: MAX,
      rateLimit: { requests: 1000, intervalMs: 1000 },
      asyncWrites: false,
      prices: false,
    },
    async read(items: LocalItem[]): Promise<RemoteItem[]> {
      await yieldToEventLoop();
      const file = seeding && !existsSync(config.path) ? fresh() : load(config.path);
      if (seeding) {
        let added = false;
        for (const it of items) {
          if (!(it.sku in file.items)) {
            file.items[it.sku] = Math.floor(Math.random() * (config.seedMax + 1));
            added = true;
          }
        }
        if (added) save(config.path, file);
      }
      const out: RemoteItem[] = [];
      for (const it of items) {
        const q = file.items[it.sku];
        if (typeof q === 'number') out.push({ sku: it.sku, quantity: q, ref: {} });
        else if (q === null) out.push({ sku: it.sku, quantity: null, ref: {} });
      }
      return out;
    },
    async write(changes: Change[]): Promise<ItemOutcome[]> {
      await yieldToEventLoop();
      const file = load(config.path);
      const out: ItemOutcome[] = [];
      for (const c of changes) {
        if (!(c.sku in file.items)) out.push({ sku: c.sku, status: 'failed', reason: 'SKU not in the sandbox remote' });
        else {
          file.items[c.sku] = c.target;
          out.push({ sku: c.sku, status: 'applied' });
        }
      }
      save(config.path, file);
      ctx.log.verbose(`sandbox: wrote ${changes.length} item(s) to ${config.path}`);
      return out;
    },
    async check(): Promise<string> {
      if (!existsSync(config.path)) return `sandbox file ${config.path} not created yet (the first sync seeds it)`;
      const file = load(config.path);
      return `sandbox file ${config.path} (${Object.keys(file.items).length} SKUs)`;
    },
    async close(): Promise<void> {},
  };
}
