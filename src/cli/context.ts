import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { LoadedConfig } from '../config/load.js';
import type { Overrides } from '../config/effective.js';
import { Output } from '../output/output.js';
import type { Store } from '../store/store.js';

// The config (zod, adapters) and the store (better-sqlite3) are imported when a command first
// asks for them, so `integr --help` and `integr init` start without loading either.

export interface GlobalOptions {
  config?: string;
  db?: string;
  json: boolean;
  progress: boolean;
  color: boolean;
  quiet: boolean;
  verbose: boolean;
}

/**
 * What every command gets: parsed global options, output, and lazily loaded config and store
 * (so `--help` and `init` never touch either).
 */
export class CliContext {
  readonly out: Output;
  private loaded?: LoadedConfig;
  private opened?: Store;

  constructor(readonly opts: GlobalOptions) {
    this.out = new Output({ json: opts.json, quiet: opts.quiet, verbose: opts.verbose, color: opts.color, progress: opts.progress });
  }

  static fromCommand(cmd: Command): CliContext {
    const o = cmd.optsWithGlobals() as Partial<GlobalOptions>;
    return new CliContext({
      config: o.config,
      db: o.db,
      json: Boolean(o.json),
      progress: o.progress !== false,
      color: o.color !== false,
      quiet: Boolean(o.quiet),
      verbose: Boolean(o.verbose),
    });
  }

  async config(): Promise<LoadedConfig> {
    if (!this.loaded) {
      const { loadConfig } = await import('../config/load.js');
      this.loaded = await loadConfig({ configPath: this.opts.config });
      this.out.verbose(`config: ${this.loaded.filepath ?? '(none found; defaults)'}`);
    }
    return this.loaded;
  }

  /** --db, else store.path from the config, else ./.integr/integr.db. */
  async storePath(): Promise<string> {
    if (this.opts.db) return resolve(this.opts.db);
    const { config } = await this.config();
    return config.store.path; // already absolute: load.ts resolves it (default ./.integr/integr.db)
  }

  /** Config values the command line sets, for `config check` to show with their flag as source. */
  overrides(): Overrides {
    return this.opts.db ? { 'store.path': { value: resolve(this.opts.db), source: '--db' } } : {};
  }

  async store(): Promise<Store> {
    if (!this.opened) {
      const path = await this.storePath();
      this.out.verbose(`store: ${path}`);
      const { Store } = await import('../store/store.js');
      this.opened = Store.open(path);
    }
    return this.opened;
  }

  close(): void {
    this.opened?.close();
  }
}
