import { resolve } from 'node:path';
import type { Command } from 'commander';
import { loadConfig, type LoadedConfig } from '../config/load.js';
import { DEFAULT_STORE_PATH } from '../config/schema.js';
import { Output } from '../output/output.js';
import { Store } from '../store/store.js';

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
      this.loaded = await loadConfig({ configPath: this.opts.config });
      this.out.verbose(`config: ${this.loaded.filepath ?? '(none found; defaults)'}`);
    }
    return this.loaded;
  }

  /** --db, else store.path from the config, else ./.integr/integr.db. */
  async storePath(): Promise<string> {
    if (this.opts.db) return resolve(this.opts.db);
    const { config } = await this.config();
    return config.store.path ?? resolve(DEFAULT_STORE_PATH);
  }

  async store(): Promise<Store> {
    if (!this.opened) {
      const path = await this.storePath();
      this.out.verbose(`store: ${path}`);
      this.opened = Store.open(path);
    }
    return this.opened;
  }

  close(): void {
    this.opened?.close();
  }
}
