import { basename, dirname, resolve } from 'node:path';
import { statSync } from 'node:fs';
import { z } from 'zod';
import { configError, IntegrError } from '../errors.js';
import { baseConfigSchema, commonCarrierShape, commonChannelShape, type Config } from './schema.js';
import { interpolateEnv } from './interpolate.js';
import { formatIssue, closest } from './format-issues.js';
import { registerSecret } from './redact.js';
import { secretKeysOf } from './secret.js';
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

async function yamlLoader(filepath: string, content: string): Promise<unknown> {
  const YAML = await import('yaml');
  const doc = YAML.parseDocument(content, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length) {
    const e = doc.errors[0];
    const line = e.linePos?.[0];
    const where = line ? `line ${line.line}, column ${line.col}` : 'unknown position';
    throw configError(`${basename(filepath)}: YAML syntax error at ${where}: ${e.message.split('\n')[0]}`);
  }
  return doc.toJS();
}

async function jsonLoader(filepath: string, content: string): Promise<unknown> {
  try {
    return JSON.parse(content);
  } catch (err) {
    throw configError(`${basename(filepath)}: JSON syntax error: ${(err as Error).message}`);
  }
}

async function readRaw(explicit: string | undefined, cwd: string): Promise<{ filepath: string | null; raw: unknown }> {
  const { cosmiconfig } = await import('cosmiconfig');
  const explorer = cosmiconfig(MODULE_NAME, {
    searchPlaces: SEARCH_PLACES,
    searchStrategy: 'project',
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
  const line = formatIssue(first, prefix, (p) => shapeKeys(schema, p));
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

/** Discover, interpolate, validate. Throws IntegrError('CONFIG') naming the key path. */
export async function loadConfig(options: { configPath?: string; cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<LoadedConfig> {
  const cwd = options.cwd ?? process.cwd();
  const { filepath, raw } = await readRaw(options.configPath, cwd);
  const where = filepath ? basename(filepath) : 'config';
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw configError(`${where}: the config must be a mapping of keys (store, channels, ...), got ${Array.isArray(raw) ? 'a list' : typeof raw}`);
  }
  const { value, envSources } = interpolateEnv(raw, options.env ?? process.env, where);
  const base = parseOrThrow(baseConfigSchema, value, '', where);

  const secretPaths = new Set<string>();
  const channels: Config['channels'] = {};
  for (const [name, section] of Object.entries(base.channels)) {
    const path = `channels.${name}`;
    const type = typeof section.type === 'string' ? section.type : '';
    if (!type) throw configError(`${where}: ${path}.type: required key is missing (which adapter: ${adapterTypes('channel').join(', ')})`);
    const { schema } = sectionSchema('channel', type, path, where);
    channels[name] = parseOrThrow(schema, section, path, where) as Config['channels'][string];
    for (const k of secretKeysOf(schema)) secretPaths.add(`${path}.${k}`);
  }
  const carriers: Config['carriers'] = {};
  for (const [name, section] of Object.entries(base.carriers)) {
    const path = `carriers.${name}`;
    const type = typeof section.type === 'string' ? section.type : '';
    if (!type) throw configError(`${where}: ${path}.type: required key is missing (which adapter: ${adapterTypes('carrier').join(', ')})`);
    const { schema } = sectionSchema('carrier', type, path, where);
    carriers[name] = parseOrThrow(schema, section, path, where) as Config['carriers'][string];
    for (const k of secretKeysOf(schema)) secretPaths.add(`${path}.${k}`);
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
    const env = envSources.get(p);
    sources.set(p, env ? (`env:${env.join(',')}` as ValueSource) : fromFile.has(p) ? 'file' : 'default');
  }
  return { filepath, config, sources, secretPaths };
}

export function getPath(obj: unknown, path: string): unknown {
  let v: unknown = obj;
  for (const k of path.split('.')) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined;
  return v;
}
