import { configError } from '../errors.js';

const VAR = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

export interface Interpolated {
  value: unknown;
  /** key path → the environment variables its value came from */
  envSources: Map<string, string[]>;
}

/**
 * Replace ${VAR} in every string of the config with process environment values.
 * An unset (or empty) variable is a config error naming the key path, because a
 * silently empty credential would fail much later and much less clearly.
 */
export function interpolateEnv(raw: unknown, env: NodeJS.ProcessEnv = process.env, where = 'config'): Interpolated {
  const envSources = new Map<string, string[]>();
  const walk = (v: unknown, path: string): unknown => {
    if (typeof v === 'string') {
      const names: string[] = [];
      const out = v.replace(VAR, (_m, name: string) => {
        const val = env[name];
        if (val === undefined || val === '') {
          throw configError(`${where}: ${path}: environment variable ${name} is not set`, `export ${name}=... or put the value in the config file`);
        }
        names.push(name);
        return val;
      });
      if (names.length) envSources.set(path, names);
      return out;
    }
    if (Array.isArray(v)) return v.map((x, i) => walk(x, `${path}[${i}]`));
    if (v && typeof v === 'object') {
      const o: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) o[k] = walk(x, path ? `${path}.${k}` : k);
      return o;
    }
    return v;
  };
  return { value: walk(raw, ''), envSources };
}
