// `npm run bench -- <name> [options]`: runs one benchmark (or all of them with no name).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const benches = { sync: 'sync.mjs', import: 'import.mjs', 'xlsx-reader': 'xlsx-reader.mjs', startup: 'startup.mjs' };
const [name, ...rest] = process.argv.slice(2);
const wanted = name ? [name] : Object.keys(benches).filter((b) => existsSync(join(import.meta.dirname, benches[b])));
let failed = 0;
for (const b of wanted) {
  if (!benches[b]) {
    console.error(`unknown benchmark "${b}"; choose one of: ${Object.keys(benches).join(', ')}`);
    process.exit(2);
  }
  const r = spawnSync(process.execPath, [join(import.meta.dirname, benches[b]), ...rest], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
