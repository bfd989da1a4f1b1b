import { basename } from 'node:path';
import { configError } from '../errors.js';

// File loaders for cosmiconfig. Syntax errors name the file, line and column, and never quote
// the offending text: a config file may hold a literal credential.

// `${VAR}` is not valid inside a YAML flow mapping (`{ apiKey: ${KEY} }`, as in the documented
// examples), because `{` and `}` are flow indicators. Before parsing, the braces of each reference
// are swapped for two private-use characters (same length, so line/column numbers stay right)
// and swapped back in every parsed string; interpolation then sees the `${VAR}` the user wrote.
const OPEN = '\uE000';
const CLOSE = '\uE001';
const REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;
const PROTECTED = new RegExp(`\\$${OPEN}([A-Za-z_][A-Za-z0-9_]*)${CLOSE}`, 'g');

function restoreReferences(v: unknown): unknown {
  if (typeof v === 'string') return v.includes(OPEN) ? v.replace(PROTECTED, (_m, name: string) => `\${${name}}`) : v;
  if (Array.isArray(v)) return v.map(restoreReferences);
  if (v && typeof v === 'object') {
    const o: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) o[restoreReferences(k) as string] = restoreReferences(x);
    return o;
  }
  return v;
}

export async function yamlLoader(filepath: string, content: string): Promise<unknown> {
  const YAML = await import('yaml');
  const protectedText = content.replace(REFERENCE, (_m, name: string) => `$${OPEN}${name}${CLOSE}`);
  const doc = YAML.parseDocument(protectedText, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length) {
    const e = doc.errors[0];
    const pos = e.linePos?.[0];
    const where = pos ? `line ${pos.line}, column ${pos.col}` : 'an unknown position';
    // yaml appends " at line L, column C:" and a code frame; keep only the description.
    const what = e.message.split('\n')[0].replace(/ at line \d+, column \d+:?\s*$/, '');
    throw configError(`${basename(filepath)}: YAML syntax error at ${where}: ${what}`);
  }
  const value = doc.toJS();
  // A file of only comments is an empty config (all defaults), not "no config here".
  return value === null ? undefined : restoreReferences(value);
}

/** 1-based line and column of a character offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const lines = before.split('\n');
  return { line: lines.length, column: lines[lines.length - 1].length + 1 };
}

export async function jsonLoader(filepath: string, content: string): Promise<unknown> {
  try {
    return JSON.parse(content);
  } catch (err) {
    const message = (err as Error).message;
    // Node 20 says "... at position N"; Node 22 says "(line L column C)" and quotes the text.
    const lc = /line (\d+) column (\d+)/.exec(message);
    const pos = /position (\d+)/.exec(message);
    const at = lc ? { line: Number(lc[1]), column: Number(lc[2]) } : pos ? lineColumn(content, Number(pos[1])) : undefined;
    const what = /end of (JSON )?input/i.test(message) ? 'unexpected end of file' : 'unexpected character';
    throw configError(`${basename(filepath)}: JSON syntax error${at ? ` at line ${at.line}, column ${at.column}` : ''}: ${what}`);
  }
}
