// The sandbox channel does its file I/O synchronously; each read and write batch first gives the
// event loop a turn, so a daemon running a sandbox sync still answers /healthz and sees signals.
// Batches running side by side still each read, change and save the file as one step.
import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSandboxChannel } from '../../adapters/sandbox/channel.js';
import type { LocalItem } from '../../src/sync/channel.js';
import { tempDir } from '../helpers/cli.js';
import { quietLog } from '../helpers/local-store.js';

const { dir, cleanup } = tempDir('integr-sandbox-yield-');
afterAll(cleanup);

const item = (sku: string): LocalItem => ({ sku, barcode: null, name: null, price: null, listPrice: null });

describe('sandbox channel and the event loop', () => {
  it('a read and a write each let queued callbacks run before they finish; concurrent batches lose no write', async () => {
    const path = join(dir, 'remote.json');
    const memory = new Map<string, string>();
    const channel = createSandboxChannel({ path, seedMax: 9 }, { name: 'sandbox', log: quietLog, cache: { get: (k) => memory.get(k), set: (k, v) => void memory.set(k, v) } });
    const items = Array.from({ length: 40 }, (_, i) => item(`Y-${i}`));

    let turns = 0;
    setImmediate(() => turns++);
    const remote = await channel.read(items);
    expect(turns).toBe(1);
    expect(remote.map((r) => r.sku)).toEqual(items.map((i) => i.sku));

    setImmediate(() => turns++);
    // Four write batches at once, as the engine's concurrency sends them.
    const batches = [0, 1, 2, 3].map((b) => remote.slice(b * 10, b * 10 + 10).map((r) => ({ sku: r.sku, ref: {}, remote: r.quantity ?? 0, target: 100 + Number(r.sku.slice(2)), delta: 0 })));
    const outcomes = await Promise.all(batches.map((changes) => channel.write(changes)));
    expect(turns).toBe(2);
    expect(outcomes.flat().every((o) => o.status === 'applied')).toBe(true);
    const saved = JSON.parse(readFileSync(path, 'utf8')) as { items: Record<string, number> };
    for (const i of items) expect(saved.items[i.sku]).toBe(100 + Number(i.sku.slice(2)));
    await channel.close();
  });
});
