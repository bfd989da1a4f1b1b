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
 * The file I/O below is synchronous (so each batch changes and saves the file as one step that
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
  // The file is read once per channel (one sync run), not once per batch: parsing the whole remote
  // for every 500 SKUs made a large sandbox sync quadratic. Edits made between runs are seen.
  let file: SandboxFile | undefined;
  let seededSinceSave = false;
  const current = (): SandboxFile => (file ??= seeding && !existsSync(config.path) ? fresh() : load(config.path));
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
      const remote = current();
      if (seeding) {
        for (const it of items) {
          if (!(it.sku in remote.items)) {
            remote.items[it.sku] = Math.floor(Math.random() * (config.seedMax + 1));
            seededSinceSave = true;
          }
        }
      }
      const out: RemoteItem[] = [];
      for (const it of items) {
        const q = remote.items[it.sku];
        if (typeof q === 'number') out.push({ sku: it.sku, quantity: q, ref: {} });
        else if (q === null) out.push({ sku: it.sku, quantity: null, ref: {} });
      }
      return out;
    },
    async write(changes: Change[]): Promise<ItemOutcome[]> {
      await yieldToEventLoop();
      const remote = current();
      const out: ItemOutcome[] = [];
      for (const c of changes) {
        if (!(c.sku in remote.items)) out.push({ sku: c.sku, status: 'failed', reason: 'SKU not in the sandbox remote' });
        else {
          remote.items[c.sku] = c.target;
          out.push({ sku: c.sku, status: 'applied' });
        }
      }
      // Saved before the outcomes are returned: what the journal records as applied is on disk.
      save(config.path, remote);
      seededSinceSave = false;
      ctx.log.verbose(`sandbox: wrote ${changes.length} item(s) to ${config.path}`);
      return out;
    },
    async check(): Promise<string> {
      if (!existsSync(config.path)) return `sandbox file ${config.path} not created yet (the first sync seeds it)`;
      const f = load(config.path);
      return `sandbox file ${config.path} (${Object.keys(f.items).length} SKUs)`;
    },
    async close(): Promise<void> {
      // The seeded shop is kept (as the first sync always did), once, at the end of the run.
      if (file && seededSinceSave) save(config.path, file);
    },
  };
}
