import { copyFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { packageRoot } from '../version.js';
import { usageError } from '../errors.js';

/** Copy .integrationsrc.example to path; refuses to overwrite without force. */
export function writeExampleConfig(path: string, force: boolean): string {
  const target = resolve(path);
  if (existsSync(target) && !force) throw usageError(`${path} already exists; not overwritten`, 'use --force to replace it');
  copyFileSync(join(packageRoot, '.integrationsrc.example'), target);
  return target;
}
