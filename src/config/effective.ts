import { getPath, type LoadedConfig } from './load.js';
import { looksSecretKey, mask, redact } from './redact.js';

export interface EffectiveValue {
  path: string;
  value: unknown;
  source: string;
  secret: boolean;
}

/** Every leaf of the effective config with its source; secret values masked. */
export function effectiveValues(loaded: LoadedConfig): EffectiveValue[] {
  const out: EffectiveValue[] = [];
  for (const [path, source] of loaded.sources) {
    const key = path.split('.').pop() ?? path;
    const secret = loaded.secretPaths.has(path) || looksSecretKey(key);
    const raw = getPath(loaded.config, path);
    const value = secret ? mask(raw) : typeof raw === 'string' ? redact(raw) : raw;
    out.push({ path, value, source, secret });
  }
  return out;
}

/** The effective config as a nested object with secrets masked. */
export function maskedConfig(loaded: LoadedConfig): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const v of effectiveValues(loaded)) {
    const parts = v.path.split('.');
    let node = root;
    for (const p of parts.slice(0, -1)) node = (node[p] ??= {}) as Record<string, unknown>;
    node[parts[parts.length - 1]] = v.value;
  }
  return root;
}
