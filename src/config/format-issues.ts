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

/**
 * One line for the first problem, naming the key path; zod's messages are kept but never
 * include the offending value, so a mistyped secret is not echoed back.
 */
export function formatIssue(issue: z.core.$ZodIssue, prefix: string, knownKeys: (path: PropertyKey[]) => string[]): string {
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0];
    const path = joinPath(prefix, [...issue.path, key]);
    const hint = closest(key, knownKeys(issue.path));
    return `${path}: unknown key${hint ? ` (did you mean ${hint}?)` : ''}`;
  }
  const path = joinPath(prefix, issue.path);
  if (issue.code === 'invalid_type') {
    const received = (issue as { input?: unknown }).input;
    if (received === undefined) return `${path}: required key is missing (expected ${issue.expected})`;
    return `${path}: expected ${issue.expected}, got ${Array.isArray(received) ? 'array' : received === null ? 'null' : typeof received}`;
  }
  return `${path}: ${issue.message}`;
}
