import { IntegrError } from '../errors.js';
import type { CellValue } from './cell.js';
import { normalizeHeader } from './normalize-header.js';
import { numberToText } from './parse-text.js';
import type { Template, TemplateColumn } from './templates.js';

export interface MatchedColumn {
  /** 0-based index into the row's cells. */
  index: number;
  /** The header as written in the file. */
  header: string;
  column: TemplateColumn;
}

export interface HeaderMatch {
  template: Template;
  matched: MatchedColumn[];
  missing: TemplateColumn[];
  /** Headers in the file that no template column claims (ignored on import). */
  unmatched: { index: number; header: string }[];
  /** Two file columns that mean the same template column. */
  duplicates: { column: TemplateColumn; headers: { index: number; header: string }[] }[];
  /** Every non-empty header in the file, in order. */
  headers: string[];
}

export function headerText(cell: CellValue): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'number') return numberToText(cell);
  if (cell instanceof Date) return cell.toISOString().slice(0, 10);
  return String(cell).trim();
}

/** Spreadsheet column letters for a 0-based index (0 → A, 26 → AA). */
export function columnLetter(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

export function matchHeaders(template: Template, headerCells: CellValue[]): HeaderMatch {
  const byAlias = new Map<string, TemplateColumn>();
  for (const c of template.columns) {
    byAlias.set(normalizeHeader(c.key), c);
    for (const a of c.aliases) byAlias.set(normalizeHeader(a), c);
  }
  const found = new Map<string, { index: number; header: string }[]>();
  const unmatched: { index: number; header: string }[] = [];
  const headers: string[] = [];
  headerCells.forEach((cell, index) => {
    const header = headerText(cell);
    if (!header) return;
    headers.push(header);
    const column = byAlias.get(normalizeHeader(header));
    if (!column) return void unmatched.push({ index, header });
    const list = found.get(column.key) ?? [];
    list.push({ index, header });
    found.set(column.key, list);
  });
  const matched: MatchedColumn[] = [];
  const duplicates: HeaderMatch['duplicates'] = [];
  for (const column of template.columns) {
    const hits = found.get(column.key);
    if (!hits) continue;
    if (hits.length > 1) duplicates.push({ column, headers: hits });
    matched.push({ index: hits[0].index, header: hits[0].header, column });
  }
  const missing = template.columns.filter((c) => c.required && !found.has(c.key));
  return { template, matched, missing, unmatched, duplicates, headers };
}

/** A match a pipeline can run on: every required column present, none claimed twice. */
export function assertUsable(m: HeaderMatch, where: string): void {
  if (m.missing.length) {
    throw new IntegrError(
      'USAGE',
      `${where}: missing required column${m.missing.length > 1 ? 's' : ''} for ${m.template.name}: ${m.missing.map((c) => `${c.key} (e.g. ${c.aliases.slice(0, 3).join(' / ')})`).join(', ')}; headers found: ${m.headers.join(', ') || '(none)'}`,
      { hint: `run \`integr templates show ${m.template.name}\` for every accepted header` },
    );
  }
  if (m.duplicates.length) {
    const d = m.duplicates[0];
    throw new IntegrError(
      'USAGE',
      `${where}: columns ${d.headers.map((h) => `${columnLetter(h.index)} "${h.header}"`).join(' and ')} both mean ${d.column.key}; keep one`,
    );
  }
}

/**
 * Pick the template the headers describe: among templates whose required columns are all
 * present, the one that recognises the most headers. A tie is an error, never a guess.
 */
export function inferTemplate(templates: Template[], headerCells: CellValue[], where: string): HeaderMatch {
  const matches = templates.map((t) => matchHeaders(t, headerCells));
  const candidates = matches.filter((m) => m.missing.length === 0 && m.matched.length > 0);
  if (!candidates.length) {
    // No template has all its required columns. When one clearly fits best, say what it misses.
    const ranked = [...matches].sort((a, b) => b.matched.length - a.matched.length);
    const [best, second] = ranked;
    if (best && best.matched.length >= 2 && (!second || second.matched.length < best.matched.length)) return best;
    const headers = matches[0]?.headers ?? [];
    throw new IntegrError('USAGE', `${where}: cannot tell the import type from the headers (${headers.join(', ') || 'none'})`, {
      hint: 'pass --type products|stock|stock-adjust|orders, or --template <name>; `integr templates list` shows them',
    });
  }
  candidates.sort((a, b) => b.matched.length - a.matched.length);
  const best = candidates[0];
  const tied = candidates.filter((c) => c.matched.length === best.matched.length);
  if (tied.length > 1) {
    throw new IntegrError(
      'USAGE',
      `${where}: the headers (${best.headers.join(', ')}) fit more than one template equally: ${tied.map((t) => t.template.name).join(', ')}`,
      { hint: `pass --type (or --template) to choose, e.g. --type ${tied[0].template.type}` },
    );
  }
  return best;
}

/**
 * Is this the header row? It names every required column of a template, or at least two of a
 * template's columns (then a missing required column is reported as such, not as "no header").
 */
export function looksLikeHeader(templates: Template[], cells: CellValue[]): boolean {
  return templates.some((t) => {
    const m = matchHeaders(t, cells);
    return (m.missing.length === 0 && m.matched.length > 0) || m.matched.length >= 2;
  });
}
