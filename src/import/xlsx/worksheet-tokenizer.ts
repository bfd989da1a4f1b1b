import { COLON, GT, LT, NEED_ANY, SLASH, BANG, QUESTION, XmlTokenizer } from './xml-tokenizer.js';
import { type SheetHandler } from './sheet-parser.js';

// The tokenizer loop again, wired to the worksheet handler. Two reasons for a copy: the sheet handler reads each
// start tag's attributes itself in the same pass (openTag), and V8 specialises a function for the objects it
// meets: one loop shared by every part (relationships, styles, shared strings, sheets) turns its handler calls
// polymorphic and is deoptimised as each new part arrives, right where millions of cells go through it.

export class WorksheetTokenizer extends XmlTokenizer {
  private readonly sheet: SheetHandler;

  constructor(sheet: SheetHandler) {
    super(sheet);
    this.sheet = sheet;
  }

  protected override parse(buf: Buffer, from: number, final: boolean): number {
    const h = this.sheet;
    const len = buf.length;
    let p = from;
    while (p < len) {
      if (buf[p] !== LT) {
        let q = p + 1;
        while (q < len && buf[q] !== LT) q++;
        if (q === len && !final) {
          this.need = LT;
          return p;
        }
        h.text(buf, p, q, false);
        p = q;
        continue;
      }
      if (p + 1 >= len) {
        this.need = NEED_ANY;
        return p;
      }
      const second = buf[p + 1];
      if (second === SLASH) {
        let q = p + 2;
        while (q < len && buf[q] !== GT) q++;
        if (q === len) {
          this.need = GT;
          return p;
        }
        let nameStart = p + 2;
        let nameEnd = nameStart;
        while (nameEnd < q && buf[nameEnd] > 0x20) {
          if (buf[nameEnd] === COLON) nameStart = nameEnd + 1;
          nameEnd++;
        }
        h.close(buf, nameStart, nameEnd);
        p = q + 1;
        continue;
      }
      if (second === BANG || second === QUESTION) {
        const next = this.special(buf, p);
        if (next < 0) return p;
        p = next;
        continue;
      }
      let q = p + 1;
      let nameStart = q;
      while (q < len) {
        const c = buf[q];
        if (c === GT || c === SLASH || c <= 0x20) break;
        if (c === COLON) nameStart = q + 1;
        q++;
      }
      // the handler finds the tag's end (and may take a whole <c><v>..</v></c>); -1: the buffer ended first
      const end = q < len ? h.openTag(buf, nameStart, q) : -1;
      if (end < 0) {
        this.need = GT;
        return p;
      }
      p = end + 1;
    }
    return len;
  }
}
