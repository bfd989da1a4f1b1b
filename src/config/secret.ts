import { z } from 'zod';

// Adapters mark secret fields in their zod schema with secret(); masking in `config check`,
// --verbose and error messages is derived from these marks, never from a second list.
const secretRegistry = z.registry<{ secret: true }>();

export function secret<T extends z.ZodType>(schema: T): T {
  secretRegistry.add(schema, { secret: true });
  return schema;
}

export function isSecretSchema(schema: z.ZodType): boolean {
  return secretRegistry.has(schema);
}

type AnyDef = { type: string; innerType?: z.ZodType; shape?: Record<string, z.ZodType>; in?: z.ZodType; out?: z.ZodType };

function unwrap(schema: z.ZodType): z.ZodType {
  let s = schema;
  for (let i = 0; i < 10; i++) {
    if (isSecretSchema(s)) return s;
    const def = (s as unknown as { _zod: { def: AnyDef } })._zod.def;
    if ((def.type === 'optional' || def.type === 'default' || def.type === 'nullable' || def.type === 'prefault') && def.innerType) s = def.innerType;
    else if (def.type === 'pipe' && def.in) s = def.in;
    else return s;
  }
  return s;
}

/** Names of the top-level keys of an object schema that are marked secret. */
export function secretKeysOf(schema: z.ZodType): string[] {
  const s = unwrap(schema);
  const def = (s as unknown as { _zod: { def: AnyDef } })._zod.def;
  if (def.type !== 'object' || !def.shape) return [];
  return Object.entries(def.shape)
    .filter(([, v]) => isSecretSchema(unwrap(v)) || isSecretSchema(v))
    .map(([k]) => k);
}

/** Dotted paths of every secret-marked key in an object schema, nested objects included. */
export function secretPathsOf(schema: z.ZodType, prefix = ''): string[] {
  const s = unwrap(schema);
  const def = (s as unknown as { _zod: { def: AnyDef } })._zod.def;
  if (def.type !== 'object' || !def.shape) return [];
  return Object.entries(def.shape).flatMap(([k, v]) => {
    const path = prefix ? `${prefix}.${k}` : k;
    return isSecretSchema(unwrap(v)) || isSecretSchema(v) ? [path] : secretPathsOf(v, path);
  });
}
