/** ISO 8601 timestamps with an explicit offset (UTC, 'Z'), as stored and as printed in JSON. */
export const nowIso = (): string => new Date().toISOString();
