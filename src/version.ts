import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

/** The package root: dist/src/version.js → ../../ ; src/version.ts (tests) → ../ */
function findRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 4; i++) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string };
      if (pkg.name === 'integr') return dir;
    } catch {
      /* keep climbing */
    }
    dir = dirname(dir);
  }
  throw new Error('integr: package.json not found above ' + fileURLToPath(import.meta.url));
}

export const packageRoot = findRoot();
export const version: string = (JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version: string }).version;
export const userAgent = `integr/${version} (+node ${process.versions.node})`;
