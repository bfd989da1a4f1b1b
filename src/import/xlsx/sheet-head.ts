import { type XmlHandler } from './xml-tokenizer.js';

// The start of a worksheet part, up to <sheetData>: where producers put <dimension ref="A1:H200001">.

export class SheetHeadHandler implements XmlHandler {
  dimension: string | undefined;
  /** Reached <sheetData> (or the dimension): nothing more to learn from the head. */
  done = false;

  open(buf: Buffer, ns: number, ne: number, as: number, ae: number): void {
    if (ne - ns !== 9) return;
    const name = buf.toString('latin1', ns, ne);
    if (name === 'dimension') {
      const ref = /\bref\s*=\s*["']([^"']*)["']/.exec(buf.toString('latin1', as, ae));
      if (ref && ref[1] !== '') this.dimension = ref[1];
      this.done = true;
    } else if (name === 'sheetData') {
      this.done = true;
    }
  }

  close(): void {}
  text(): void {}
}

/** Rows spanned by a dimension reference: `A1:H200001` → 200001, `B3:C10` → 8, `A1` → 1. */
export function rowsInDimension(ref: string): number | undefined {
  const m = /^\$?[A-Za-z]*\$?(\d+)(?::\$?[A-Za-z]*\$?(\d+))?$/.exec(ref.trim());
  if (!m) return undefined;
  const first = Number(m[1]);
  const last = m[2] === undefined ? first : Number(m[2]);
  return last >= first ? last - first + 1 : undefined;
}
