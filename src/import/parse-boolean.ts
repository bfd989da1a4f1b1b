import type { CellValue } from './cell.js';
import { normalizeHeader } from './normalize-header.js';
import { type Parsed, invalid, ok } from './parsed.js';

// Yes/no as Turkish, English and Russian sheets write it (compared after the same folding as headers).
const TRUE_WORDS = new Set(['true', 'yes', 'y', '1', 'on', 'x', 'evet', 'e', 'var', 'aktif', 'active', 'да', 'д', 'есть', 'вкл']);
const FALSE_WORDS = new Set(['false', 'no', 'n', '0', 'off', 'hayir', 'h', 'yok', 'pasif', 'inactive', 'нет', 'н', 'выкл']);

export function parseBoolean(cell: CellValue): Parsed<boolean | null> {
  if (cell === null || cell === undefined) return ok(null);
  if (typeof cell === 'boolean') return ok(cell);
  if (typeof cell === 'number') {
    if (cell === 1) return ok(true);
    if (cell === 0) return ok(false);
    return invalid('is not yes/no (use 1/0, yes/no, evet/hayır, да/нет)');
  }
  if (typeof cell === 'string') {
    const w = normalizeHeader(cell);
    if (w === '') return ok(null);
    if (TRUE_WORDS.has(w)) return ok(true);
    if (FALSE_WORDS.has(w)) return ok(false);
    return invalid('is not yes/no (use 1/0, yes/no, evet/hayır, да/нет)');
  }
  return invalid('is a date, not yes/no');
}
