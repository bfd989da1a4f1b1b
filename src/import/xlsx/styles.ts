import { type XmlHandler } from './xml-tokenizer.js';
import { readAttributes } from './xml-text.js';
import { builtinFormatCode, isDateFormat } from './number-formats.js';

// xl/styles.xml: a cell's `s` attribute indexes cellXfs; each xf names a numFmtId, built-in or declared in
// <numFmts>. That is all the reader needs from styles: whether a number cell is a date, and its format code.

export class StyleTable {
  /** 1 where the cell style is a date format. */
  readonly dateStyle: Uint8Array;
  readonly formatIds: Int32Array;
  /** Width of a zero-padding format (`000000` → 6) per style, else 0. */
  readonly padWidth: Uint8Array;
  private readonly codes: string[];

  constructor(formatIds: number[], customCodes: Map<number, string>) {
    this.formatIds = Int32Array.from(formatIds);
    this.dateStyle = new Uint8Array(formatIds.length);
    this.codes = formatIds.map((id) => customCodes.get(id) ?? builtinFormatCode(id));
    for (let i = 0; i < formatIds.length; i++) this.dateStyle[i] = isDateFormat(formatIds[i], customCodes.get(formatIds[i])) ? 1 : 0;
    this.padWidth = Uint8Array.from(this.codes, (code) => (/^0{2,255}$/.test(code) ? code.length : 0));
  }

  static empty(): StyleTable {
    return new StyleTable([], new Map());
  }

  isDate(style: number): boolean {
    return style < this.dateStyle.length && this.dateStyle[style] === 1;
  }

  formatId(style: number): number {
    return style < this.formatIds.length ? this.formatIds[style] : 0;
  }

  formatCode(style: number): string {
    return style < this.codes.length ? this.codes[style] : 'General';
  }
}

export class StylesHandler implements XmlHandler {
  private readonly customCodes = new Map<number, string>();
  private readonly formatIds: number[] = [];
  private inNumFmts = false;
  private inCellXfs = false;
  /** Depth inside an <xf> of cellXfs (its children are alignment/protection, never another xf). */
  private inXf = false;

  table(): StyleTable {
    return new StyleTable(this.formatIds, this.customCodes);
  }

  open(buf: Buffer, ns: number, ne: number, as: number, ae: number, selfClosing: boolean): void {
    const name = buf.toString('latin1', ns, ne);
    if (name === 'numFmts') this.inNumFmts = !selfClosing;
    else if (name === 'cellXfs') this.inCellXfs = !selfClosing;
    else if (name === 'numFmt' && this.inNumFmts) {
      const attrs = readAttributes(buf, as, ae);
      const id = Number(attrs.numFmtId);
      if (Number.isInteger(id) && attrs.formatCode !== undefined) this.customCodes.set(id, attrs.formatCode);
    } else if (name === 'xf' && this.inCellXfs && !this.inXf) {
      const id = Number(readAttributes(buf, as, ae).numFmtId ?? 0);
      this.formatIds.push(Number.isInteger(id) && id >= 0 ? id : 0);
      this.inXf = !selfClosing;
    }
  }

  close(buf: Buffer, ns: number, ne: number): void {
    const name = buf.toString('latin1', ns, ne);
    if (name === 'numFmts') this.inNumFmts = false;
    else if (name === 'cellXfs') this.inCellXfs = false;
    else if (name === 'xf') this.inXf = false;
  }

  text(): void {}
}
