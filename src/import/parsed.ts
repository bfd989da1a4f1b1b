/** The result of parsing one cell: a value, or why the raw value is not acceptable. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

export const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
export const invalid = (reason: string): Parsed<never> => ({ ok: false, reason });
