// The sandbox "remote" is a JSON file; this gives the conformance suite the same control surface as
// the HTTP fakes. It has no network, so it injects no faults and counts no requests.
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChannelFake, SeedItem } from '../../conformance/channel-fake.js';

export interface SandboxFake extends ChannelFake {
  path: string;
}

export async function startSandboxFake(): Promise<SandboxFake> {
  const dir = mkdtempSync(join(tmpdir(), 'integr-sandbox-fake-'));
  const path = join(dir, 'remote.json');
  const read = (): Record<string, number | null> => (existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as { items: Record<string, number | null> }).items : {});
  return {
    url: '',
    path,
    seed(items: SeedItem[]) {
      const cur = read();
      for (const it of items) cur[it.sku] = it.quantity;
      writeFileSync(path, JSON.stringify({ createdAt: new Date().toISOString(), items: cur }));
    },
    quantities: read,
    inject() {
      throw new Error('the sandbox has no network to inject faults into');
    },
    requestCount: () => 0,
    appliedWrites: () => ({}),
    async close() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
