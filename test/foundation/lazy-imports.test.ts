import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { runCli, tempDir } from '../helpers/cli.js';
import { FIXTURES } from './project.js';

// `integr --help` must start without loading the heavy or network modules: they are imported
// inside the command (or adapter) that needs them. A preload records every module the process
// loads (ESM via a loader hook, CommonJS via the require cache) and the test reads the list.
const RECORDER = join(FIXTURES, 'record-modules.mjs');
// HTTP (undici), Excel (exceljs), XML/SOAP (fast-xml-parser) and the scheduler (node-cron).
const HEAVY = ['exceljs', 'undici', 'fast-xml-parser', 'node-cron'];

let tmp: ReturnType<typeof tempDir>;
let n = 0;
beforeAll(() => (tmp = tempDir('integr-lazy-')));
afterAll(() => tmp.cleanup());

function packagesIn(log: string): Set<string> {
  const names = new Set<string>();
  for (const line of readFileSync(log, 'utf8').split('\n')) {
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(line);
    if (m) names.add(m[1]);
  }
  return names;
}

async function loadedBy(args: string[]): Promise<Set<string>> {
  const log = join(tmp.dir, `modules-${++n}.txt`);
  const r = await runCli(args, { cwd: tmp.dir, env: { INTEGR_MODULE_LOG: log }, nodeArgs: ['--import', RECORDER] });
  expect(r.code, r.stderr).toBe(0);
  return packagesIn(log);
}

describe('start-up loads no heavy modules', () => {
  it('the recorder sees packages that really are loaded (so an empty result means something)', () => {
    const log = join(tmp.dir, 'control.txt');
    const r = spawnSync(process.execPath, ['--import', RECORDER, '--input-type=module', '-e', "await import('undici'); await import('exceljs'); await import('zod');"], {
      env: { ...process.env, INTEGR_MODULE_LOG: log },
      encoding: 'utf8',
    });
    expect(r.status, r.stderr).toBe(0);
    const seen = packagesIn(log);
    for (const name of ['undici', 'exceljs', 'zod']) expect(seen).toContain(name);
  });

  it.each([[['--help']], [['--version']], [['help', 'stock']], [['init', '--help']]])('integr %j', async (args) => {
    const seen = await loadedBy(args);
    expect(seen).toContain('commander');
    for (const name of HEAVY) expect(seen, `${name} loaded by integr ${args.join(' ')}`).not.toContain(name);
  });

  it('help does not open the store or read config files either (better-sqlite3, cosmiconfig: import them inside actions)', async () => {
    const seen = await loadedBy(['--help']);
    expect(seen).not.toContain('better-sqlite3');
    expect(seen).not.toContain('cosmiconfig');
    expect(seen).not.toContain('yaml');
  });
});
