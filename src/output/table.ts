// Plain aligned tables for people. Width is computed from the cells; no external dependency needed.

export type Cell = string | number | boolean | null | undefined;

function show(c: Cell): string {
  if (c === null || c === undefined) return '';
  return String(c);
}

export function renderTable(headers: string[], rows: Cell[][], options: { rightAlign?: number[] } = {}): string {
  const right = new Set(options.rightAlign ?? []);
  const cells = rows.map((r) => r.map(show));
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) =>
    r
      .map((c, i) => (right.has(i) ? c.padStart(widths[i]) : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}

/** Two-column key/value listing. */
export function renderPairs(pairs: [string, Cell][]): string {
  const w = Math.max(0, ...pairs.map(([k]) => k.length));
  return pairs.map(([k, v]) => `${k.padEnd(w)}  ${show(v)}`).join('\n');
}
