import { basename, dirname, resolve } from 'node:path';
import { statSync } from 'node:fs';
import { z } from 'zod';
import { configError, IntegrError } from '../errors.js';
import { baseConfigSchema, commonCarrierShape, commonChannelShape, type Config } from './schema.js';
import { interpolateEnv } from './interpolate.js';
import { formatIssue, closest } from './format-issues.js';
import { jsonLoader, yamlLoader } from './loaders.js';
import { registerSecret } from './redact.js';
import { secretKeysOf, secretPathsOf } from './secret.js';
import { findAdapter, adapterTypes } from '../../adapters/index.js';

export const MODULE_NAME = 'integrations';
export const SEARCH_PLACES = [
  'package.json',
  '.integrationsrc',
  '.integrationsrc.json',
  '.integrationsrc.yaml',
  '.integrationsrc.yml',
  'integrations.config.js',
  'integrations.config.mjs',
  'integrations.config.cjs',
];

export type ValueSource = 'file' | 'default' | `env:${string}`;

export interface LoadedConfig {
  /** Absolute path of the file the config came from, or null when none was found. */
  filepath: string | null;
  config: Config;
  /** Every leaf's key path → where it came from. */
  sources: Map<string, ValueSource>;
  /** Key paths whose values are secrets (masked in every output). */
  secretPaths: Set<string>;
}

async function readRaw(explicit: string | undefined, cwd: string): Promise<{ filepath: string | null; raw: unknown }> {
  const { cosmiconfig } = await import('cosmiconfig');
  const explorer = cosmiconfig(MODULE_NAME, {
    searchPlaces: SEARCH_PLACES,
    searchStrategy: 'project',
    // A file that is empty or only comments is still *the* config (all defaults): stop there.
    ignoreEmptySearchPlaces: false,
    loaders: { '.yaml': yamlLoader, '.yml': yamlLoader, '.json': jsonLoader, noExt: yamlLoader },
  });
  try {
    if (explicit) {
      const path = resolve(cwd, explicit);
      let st;
      try {
        st = statSync(path);
      } catch {
        throw configError(`config file not found: ${explicit}`);
      }
      if (!st.isFile()) throw configError(`config path is not a file: ${explicit}`);
      const r = await explorer.load(path);
      return { filepath: path, raw: r?.config ?? {} };
    }
    const r = await explorer.search(cwd);
    if (!r) return { filepath: null, raw: {} };
    return { filepath: r.filepath, raw: r.config ?? {} };
  } catch (err) {
    if (err instanceof IntegrError) throw err;
    throw configError(`could not read config: ${(err as Error).message.split('\n')[0]}`);
  }
}

function leafPaths(v: unknown, path: string, out: string[]): string[] {
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    for (const [k, x] of Object.entries(v)) leafPaths(x, path ? `${path}.${k}` : k, out);
  } else if (path) out.push(path);
  return out;
}

function shapeKeys(schema: z.ZodType, path: PropertyKey[]): string[] {
  let s: unknown = schema;
  for (const p of path) {
    const def = (s as { _zod?: { def?: { shape?: Record<string, unknown>; innerType?: unknown } } })._zod?.def;
    const inner = def?.shape ? def : (def?.innerType as { _zod?: { def?: { shape?: Record<string, unknown> } } })?._zod?.def;
    s = inner?.shape?.[String(p)];
    if (!s) return [];
  }
  let def = (s as { _zod?: { def?: { type: string; shape?: Record<string, unknown>; innerType?: unknown } } })._zod?.def;
  while (def && !def.shape && def.innerType) def = (def.innerType as { _zod: { def: typeof def } })._zod.def;
  return Object.keys(def?.shape ?? {});
}

function parseOrThrow<T>(schema: z.ZodType<T>, value: unknown, prefix: string, where: string): T {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const first = r.error.issues[0];
  const line = formatIssue(first, prefix, value, (p) => shapeKeys(schema, p));
  const more = r.error.issues.length > 1 ? ` (and ${r.error.issues.length - 1} more problem${r.error.issues.length > 2 ? 's' : ''})` : '';
  throw configError(`${where}: ${line}${more}`);
}

function sectionSchema(kind: 'channel' | 'carrier', type: string, path: string, where: string) {
  const def = findAdapter(kind, type);
  if (!def) {
    const known = adapterTypes(kind);
    const hint = closest(type, known);
    throw configError(
      `${where}: ${path}.type: unknown ${kind} type "${type}"${hint ? ` (did you mean ${hint}?)` : ''}; known: ${known.join(', ') || 'none'}`,
    );
  }
  const common = kind === 'channel' ? commonChannelShape : commonCarrierShape;
  return { def, schema: z.object({ ...common, ...def.configSchema.shape }).strict() };
}

/**
 * Validate one channel or carrier section against its adapter's schema. Secret values are
 * registered for redaction before validation, so no later message can echo them.
 */
function parseSection(kind: 'channel' | 'carrier', path: string, section: Record<string, unknown>, where: string, secretPaths: Set<string>): unknown {
  if (!('type' in section) || section.type === undefined || section.type === null) {
    throw configError(`${where}: ${path}.type: required key is missing (which adapter: ${adapterTypes(kind).join(', ') || 'none'})`);
  }
  if (typeof section.type !== 'string') throw configError(`${where}: ${path}.type: expected a string (the adapter type), got ${typeof section.type}`);
  const { schema } = sectionSchema(kind, section.type, path, where);
  const secretKeys = secretKeysOf(schema);
  for (const k of secretKeys) {
    registerSecret(section[k]);
    secretPaths.add(`${path}.${k}`);
  }
  return parseOrThrow(schema, section, path, where);
}

/** Discover, interpolate, validate. Throws IntegrError('CONFIG') naming the key path. */
export async function loadConfig(options: { configPath?: string; cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<LoadedConfig> {
  const cwd = options.cwd ?? process.cwd();
  const { filepath, raw } = await readRaw(options.configPath, cwd);
  const where = filepath ? basename(filepath) : 'config';
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw configError(`${where}: the config must be a mapping of keys (store, channels, ...), got ${Array.isArray(raw) ? 'a list' : typeof raw}`);
  }
  const { value, envSources } = interpolateEnv(raw, options.env ?? process.env, where);
  // Secrets are registered before validation, so no message about them can echo them.
  const secretPaths = new Set<string>(secretPathsOf(baseConfigSchema));
  for (const path of secretPaths) registerSecret(getPath(value, path));
  const base = parseOrThrow(baseConfigSchema, value, '', where);

  const channels: Config['channels'] = {};
  for (const [name, section] of Object.entries(base.channels)) {
    channels[name] = parseSection('channel', `channels.${name}`, section, where, secretPaths) as Config['channels'][string];
  }
  const carriers: Config['carriers'] = {};
  for (const [name, section] of Object.entries(base.carriers)) {
    carriers[name] = parseSection('carrier', `carriers.${name}`, section, where, secretPaths) as Config['carriers'][string];
  }
  const config: Config = { ...base, channels, carriers };

  // Paths in the store config are relative to the config file, not to wherever cron runs us.
  const baseDir = filepath ? dirname(filepath) : cwd;
  config.store.path = resolve(baseDir, config.store.path);
  if (config.import.templatesDir) config.import.templatesDir = resolve(baseDir, config.import.templatesDir);
  for (const ch of Object.values(config.channels)) if (typeof ch.path === 'string') ch.path = resolve(baseDir, ch.path);

  for (const p of secretPaths) registerSecret(getPath(config, p));

  const fromFile = new Set(leafPaths(raw, '', []));
  const sources = new Map<string, ValueSource>();
  for (const p of leafPaths(config, '', [])) {
    // Lists are single leaves here; a ${VAR} inside one (schedules[0].run) still marks it as from env.
    const names = [...envSources].filter(([k]) => k === p || k.startsWith(`${p}[`)).flatMap(([, v]) => v);
    const env = [...new Set(names)];
    sources.set(p, env.length ? (`env:${env.join(',')}` as ValueSource) : fromFile.has(p) ? 'file' : 'default');
  }
  return { filepath, config, sources, secretPaths };
}

export function getPath(obj: unknown, path: string): unknown {
  let v: unknown = obj;
  for (const k of path.split('.')) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined;
  return v;
}
