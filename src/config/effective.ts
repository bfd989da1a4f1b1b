import { getPath, type LoadedConfig } from './load.js';
import { looksSecretKey, mask, redactDeep } from './redact.js';

export interface EffectiveValue {
  path: string;
  value: unknown;
  source: string;
  secret: boolean;
}

/** A value set on the command line (e.g. `--db` for store.path), shown with its flag as the source. */
export type Overrides = Record<string, { value: unknown; source: string }>;

/** Every leaf of the effective config with its source; secret values masked. */
export function effectiveValues(loaded: LoadedConfig, overrides: Overrides = {}): EffectiveValue[] {
  const out: EffectiveValue[] = [];
  for (const [path, fileSource] of loaded.sources) {
    const key = path.split('.').pop() ?? path;
    const secret = loaded.secretPaths.has(path) || looksSecretKey(key);
    const override = overrides[path];
    const source = override ? override.source : fileSource;
    const raw = override ? override.value : getPath(loaded.config, path);
    const value = secret ? mask(raw) : redactDeep(raw);
    out.push({ path, value, source, secret });
  }
  return out;
}

/** The effective config as a nested object with secrets masked. */
export function maskedConfig(loaded: LoadedConfig, overrides: Overrides = {}): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const v of effectiveValues(loaded, overrides)) {
    const parts = v.path.split('.');
    let node = root;
    for (const p of parts.slice(0, -1)) node = (node[p] ??= {}) as Record<string, unknown>;
    node[parts[parts.length - 1]] = v.value;
  }
  return root;
}
