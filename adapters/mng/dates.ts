// MNG dates: "dd-MM-yyyy HH:mm" in Turkish time (UTC+3, no DST since 2016) [CLIENT]; ISO strings
// are accepted too. Returns ISO 8601 with offset, or null when unreadable.
export function mngTime(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const s = String(value).trim();
  const m = /^(\d{2})[-.](\d{2})[-.](\d{4})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(s);
  if (m) return `${m[3]}-${m[2]}-${m[1]}T${m[4]}:${m[5]}:${m[6] ?? '00'}+03:00`;
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(s)) {
    const withZone = /([+-]\d{2}:?\d{2}|Z)$/.test(s) ? s : `${s}+03:00`;
    const t = Date.parse(withZone);
    return Number.isNaN(t) ? null : new Date(t).toISOString();
  }
  return null;
}
