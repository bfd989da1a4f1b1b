import { constants, copyFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { packageRoot } from '../version.js';
import { usageError } from '../errors.js';

/** Copy .integrationsrc.example to path; refuses to overwrite without force. */
export function writeExampleConfig(path: string, force: boolean): string {
  const target = resolve(path);
  try {
    // COPYFILE_EXCL makes "exists?" and "write" one step: no window in which a file appearing is overwritten.
    copyFileSync(join(packageRoot, '.integrationsrc.example'), target, force ? 0 : constants.COPYFILE_EXCL);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw usageError(`${path} already exists; not overwritten`, 'use --force to replace it');
    throw err;
  }
  return target;
}
