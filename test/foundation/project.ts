import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli, tempDir, type CliResult, type RunCliOptions } from '../helpers/cli.js';

export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
/** node options that register the "vault" test channel (secret apiKey) in the real CLI. */
export const WITH_VAULT = ['--import', join(FIXTURES, 'vault-adapter.mjs')];

export interface Project {
  dir: string;
  /** Write a file (parents created) relative to the project; returns its absolute path. */
  write(path: string, content: string): string;
  run(args: string[], options?: RunCliOptions): Promise<CliResult>;
  cleanup(): void;
}

/**
 * A temp directory bounded by its own package.json, so config discovery never climbs out of it
 * into whatever the machine's /tmp holds.
 */
export function project(packageJson: Record<string, unknown> = { name: 'shop', private: true }): Project {
  const { dir, cleanup } = tempDir('integr-foundation-');
  const write = (path: string, content: string) => {
    const abs = join(dir, path);
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, content);
    return abs;
  };
  write('package.json', JSON.stringify(packageJson, null, 2));
  return { dir, write, cleanup, run: (args, options = {}) => runCli(args, { cwd: dir, ...options }) };
}

export function json(r: CliResult): any {
  try {
    return JSON.parse(r.stdout);
  } catch {
    throw new Error(`stdout is not one JSON document (exit ${r.code}):\n${r.stdout}\nstderr:\n${r.stderr}`);
  }
}
