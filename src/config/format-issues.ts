import type { z } from 'zod';

/** Closest candidate by edit distance, for "did you mean" hints. */
export function closest(word: string, candidates: string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = distance(word.toLowerCase(), c.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return bestD <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

function distance(a: string, b: string): number {
  const dp = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = dp[0];
    dp[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = dp[j];
      dp[j] = Math.min(dp[j] + 1, dp[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return dp[b.length];
}

export function joinPath(prefix: string, path: PropertyKey[]): string {
  let out = prefix;
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out ? `.${String(p)}` : String(p);
  }
  return out || '(root)';
}

const EXPECTED: Record<string, string> = {
  object: 'a mapping (key: value)',
  record: 'a mapping (key: value)',
  array: 'a list',
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
};

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'a mapping';
  return `a ${typeof value}`;
}

/** The value at a key path, and whether the key is present at all. */
function lookup(root: unknown, path: PropertyKey[]): { present: boolean; value: unknown } {
  let v: unknown = root;
  for (const p of path) {
    if (v === null || typeof v !== 'object' || !Object.prototype.hasOwnProperty.call(v, p)) return { present: false, value: undefined };
    v = (v as Record<PropertyKey, unknown>)[p];
  }
  return { present: true, value: v };
}

/**
 * One line for a problem, naming the key path. The offending value is never quoted (only its
 * kind), so a mistyped secret is not echoed back.
 */
export function formatIssue(issue: z.core.$ZodIssue, prefix: string, input: unknown, knownKeys: (path: PropertyKey[]) => string[]): string {
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0];
    const path = joinPath(prefix, [...issue.path, key]);
    const hint = closest(key, knownKeys(issue.path));
    const others = issue.keys.length > 1 ? ` (and unknown ${issue.keys.slice(1).join(', ')})` : '';
    return `${path}: unknown key${hint ? ` (did you mean ${hint}?)` : ''}${others}`;
  }
  const path = joinPath(prefix, issue.path);
  if (issue.code === 'invalid_type') {
    const expected = EXPECTED[issue.expected] ?? issue.expected;
    const found = lookup(input, issue.path);
    if (!found.present || found.value === undefined) return `${path}: required key is missing (expected ${expected})`;
    return `${path}: expected ${expected}, got ${describe(found.value)}`;
  }
  if (issue.code === 'invalid_key') {
    const inner = issue.issues[0]?.message;
    return `${path}: invalid name${inner ? ` (${inner})` : ''}`;
  }
  return `${path}: ${issue.message}`;
}
