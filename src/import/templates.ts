import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';
import { z } from 'zod';
import { IntegrError, usageError } from '../errors.js';
import { packageRoot } from '../version.js';
import { COLUMN_TYPES, IMPORT_TYPES, KINDS, type ColumnType, type ImportType } from './kinds.js';
import { normalizeHeader } from './normalize-header.js';

export interface TemplateColumn {
  key: string;
  type: ColumnType;
  required: boolean;
  /** Header spellings that mean this column (TR/EN/RU ...); the first is the one `templates export` writes. */
  aliases: string[];
  description: string;
  example?: string;
  width?: number;
  /** Identifiers keep every digit (see kinds.ts). */
  identifier: boolean;
}

export interface Template {
  name: string;
  type: ImportType;
  description: string;
  columns: TemplateColumn[];
  /** 'built-in', or the path of the user's template file. */
  source: string;
}

const columnSchema = z
  .object({
    key: z.string().regex(/^[a-z][a-z0-9_]*$/, 'keys are lower_snake_case'),
    type: z.enum(COLUMN_TYPES),
    required: z.boolean().default(false),
    aliases: z.array(z.string().min(1)).min(1),
    description: z.string().default(''),
    example: z.string().optional(),
    width: z.number().int().min(4).max(120).optional(),
  })
  .strict();

const templateSchema = z
  .object({
    $schema: z.string().optional(),
    name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'names use letters, digits, ., - and _'),
    type: z.enum(IMPORT_TYPES),
    description: z.string().default(''),
    columns: z.array(columnSchema).min(1),
  })
  .strict();

export const BUILT_IN_DIR = join(packageRoot, 'templates');

function templateError(source: string, message: string): IntegrError {
  return new IntegrError('CONFIG', `template ${source}: ${message}`);
}

/** Parse and check one template definition against what its kind understands. */
export function parseTemplate(raw: unknown, source: string): Template {
  const r = templateSchema.safeParse(raw);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw templateError(source, `${issue.path.join('.') || '(top)'}: ${issue.message}`);
  }
  const t = r.data;
  const kind = KINDS[t.type];
  const seenKeys = new Set<string>();
  const seenAliases = new Map<string, string>();
  for (const c of t.columns) {
    if (seenKeys.has(c.key)) throw templateError(source, `column "${c.key}" is declared twice`);
    seenKeys.add(c.key);
    const field = kind.fields[c.key];
    if (!field && !kind.extraFields) {
      throw templateError(source, `column "${c.key}" is not a ${t.type} field (known: ${Object.keys(kind.fields).join(', ')})`);
    }
    if (field && field.type !== c.type) throw templateError(source, `column "${c.key}" must have type ${field.type} for ${t.type}, not ${c.type}`);
    if (field?.required && !c.required) throw templateError(source, `column "${c.key}" must be required for ${t.type}`);
    for (const a of c.aliases) {
      const n = normalizeHeader(a);
      if (!n) throw templateError(source, `column "${c.key}" has an alias with no letters or digits: "${a}"`);
      const other = seenAliases.get(n);
      if (other && other !== c.key) throw templateError(source, `header "${a}" is an alias of both "${other}" and "${c.key}"`);
      seenAliases.set(n, c.key);
    }
  }
  for (const [key, field] of Object.entries(kind.fields)) {
    if (field.required && !seenKeys.has(key)) throw templateError(source, `a ${t.type} template needs the required column "${key}"`);
  }
  return {
    name: t.name,
    type: t.type,
    description: t.description,
    source,
    columns: t.columns.map((c) => ({ ...c, identifier: Boolean(kind.fields[c.key]?.identifier) })),
  };
}

function readTemplateFile(path: string, source: string): Template {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'ENOENT') throw new IntegrError('FILE', `template file not found: ${path}`);
    throw templateError(source, e instanceof SyntaxError ? `not valid JSON: ${e.message}` : e.message);
  }
  return parseTemplate(raw, source);
}

function templatesIn(dir: string, source: (file: string) => string): Template[] {
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => extname(f) === '.json').sort();
  } catch (err) {
    throw new IntegrError('CONFIG', `import.templatesDir: cannot read ${dir}: ${(err as Error).message}`);
  }
  return files.map((f) => readTemplateFile(join(dir, f), source(join(dir, f))));
}

/**
 * Built-in templates (templates/*.json), then the user's (import.templatesDir/*.json); a user
 * template with a built-in's name replaces it.
 */
export function loadTemplates(templatesDir?: string): Template[] {
  const byName = new Map<string, Template>();
  for (const t of templatesIn(BUILT_IN_DIR, () => 'built-in')) byName.set(t.name, t);
  if (templatesDir) for (const t of templatesIn(templatesDir, (p) => p)) byName.set(t.name, t);
  return [...byName.values()];
}

/** `--template` takes a template name or a path to a template file. */
export function resolveTemplate(templates: Template[], nameOrPath: string): Template {
  const byName = templates.find((t) => t.name === nameOrPath);
  if (byName) return byName;
  if (nameOrPath.endsWith('.json') || nameOrPath.includes('/') || nameOrPath.includes('\\')) {
    const path = resolve(nameOrPath);
    const st = statSync(path, { throwIfNoEntry: false });
    if (!st) throw new IntegrError('FILE', `template file not found: ${nameOrPath}`);
    return readTemplateFile(path, path);
  }
  throw usageError(`unknown template "${nameOrPath}"; known: ${templates.map((t) => t.name).join(', ')}`, 'run `integr templates list`');
}

export function templateDisplayName(t: Template): string {
  return t.source === 'built-in' ? t.name : `${t.name} (${basename(t.source)})`;
}
