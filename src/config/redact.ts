// Secrets never leave the process: every secret value the config resolves is registered here,
// and every line integr prints, logs or stores as an error passes through redact().

const secretValues = new Set<string>();
const MASK = '****';

/** Remember a secret value so that it is masked wherever it appears later. */
export function registerSecret(value: unknown): void {
  if (typeof value !== 'string') return;
  const v = value.trim();
  // Very short values would mask ordinary words; they are still masked by key in config output.
  if (v.length >= 4) secretValues.add(v);
}

export function forgetSecretsForTests(): void {
  secretValues.clear();
}

const SECRET_KEY = /(pass(word)?|secret|token|api[-_]?key|authorization|client[-_]?secret|private[-_]?key)$/i;

/** True when a key name looks like it holds a secret even if no schema marked it. */
export function looksSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

/** Mask a value for display: keep nothing of it. */
export function mask(value: unknown): string {
  return value === undefined || value === null || value === '' ? '(empty)' : MASK;
}

/** The forms a secret takes in text: as is, URL-encoded (query strings), JSON-escaped (JSON documents). */
function forms(secret: string): string[] {
  return [...new Set([secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1)])];
}

/** Replace every registered secret (and its encoded forms) in text, plus auth tokens and URL passwords. */
export function redact(text: string): string {
  if (!text) return text;
  let out = text;
  for (const s of secretValues) {
    for (const f of forms(s)) if (out.includes(f)) out = out.split(f).join(MASK);
  }
  // Basic-auth headers carry base64(user:secret): mask any such token outright.
  out = out.replace(/(Basic|Bearer)\s+[A-Za-z0-9+/=._-]{8,}/g, '$1 ' + MASK);
  // https://user:password@host
  out = out.replace(/(\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:)[^\s@/]+@/gi, `$1${MASK}@`);
  return out;
}

/** Deep-copy an object, masking values under secret keys or equal to registered secrets. */
export function redactDeep<T>(value: T, secretKeys: ReadonlySet<string> = new Set()): T {
  const walk = (v: unknown, key: string): unknown => {
    if (typeof v === 'string') return secretKeys.has(key) || looksSecretKey(key) ? mask(v) : redact(v);
    if (Array.isArray(v)) return v.map((x) => walk(x, key));
    if (v && typeof v === 'object' && !(v instanceof Date)) {
      const o: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) o[k] = walk(x, k);
      return o;
    }
    return v;
  };
  return walk(value, '') as T;
}
