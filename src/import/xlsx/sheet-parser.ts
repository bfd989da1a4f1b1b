import { tagEnd, type XmlHandler } from './xml-tokenizer.js';
import { decodeCellText, isXmlSpace } from './xml-text.js';
import { type SharedStringTable, hasPreserve, trimXmlSpace } from './shared-strings.js';
import { type StyleTable } from './styles.js';
import { excelSerialToDate } from './excel-dates.js';
import { notXlsx } from './file-errors.js';
import { dimensionRef } from './dimension.js';
import { type CellInfo, type CellKind, type CellValue } from './types.js';

// The worksheet's <sheetData>, turned into rows as the tokenizer goes. This is the hot path of an import
// (millions of cells): names are compared as bytes, numbers and shared-string indexes are parsed from bytes,
// and the only allocations are the values themselves and one array per row.

const enum CellType {
  Number,
  Shared,
  FormulaString,
  Inline,
  Boolean,
  Error,
  IsoDate,
}

const enum Capture {
  None,
  Value,
  Text,
}

/** Excel's last column (XFD); anything wider is a damaged reference, not a wide sheet. */
const MAX_COLUMNS = 16_384;
const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

const LT = 0x3c;
const GT = 0x3e;
const SLASH = 0x2f;
const EQ = 0x3d;
const DQUOTE = 0x22;
const SQUOTE = 0x27;
const r_ = 0x72;
const s_ = 0x73;
const t_ = 0x74;
const c_ = 0x63;
const v_ = 0x76;

export interface SheetContext {
  file: string;
  sheetName: string;
  sharedStrings: SharedStringTable | null;
  styles: StyleTable;
  date1904: boolean;
  /** Produce CellInfo records instead of plain values. */
  detailed: boolean;
  fromRow: number;
  /** Read only what comes before the rows (the dimension); rows are ignored. */
  headOnly?: boolean;
  /** Plain values: whole numbers in a zero-padding format (`000000`) come as the text Excel shows ("000123"). */
  paddedNumbersAsText?: boolean;
}

export type RowSink = (rowNumber: number, cells: unknown[]) => void;

export class SheetHandler implements XmlHandler {
  private readonly ctx: SheetContext;
  private readonly sink: RowSink;
  private readonly sst: SharedStringTable | null;
  private readonly styles: StyleTable;
  private readonly fromRow: number;
  private readonly detailed: boolean;
  private readonly headOnly: boolean;
  private readonly paddedAsText: boolean;

  sawSheetData = false;
  /** `<dimension ref>`, seen before the rows. */
  dimension: string | undefined;
  /** Rows with at least one value, including those before fromRow. */
  nonEmptyRows = 0;
  /** A row skipped undecoded (before fromRow) had a <v> or <is>: the sheet is not empty. */
  skippedValue = false;

  private inRow = false;
  private rowNumber = 0;
  private rowHasNumber = false;
  private lastRowNumber = 0;
  private skipRow = false;
  private cells: unknown[] = [];
  private hasValue = false;

  private inCell = false;
  private col = 0;
  private type = CellType.Number;
  private style = 0;
  private capture = Capture.None;
  private sawValue = false;
  private vBuf: Buffer | null = null;
  private vStart = 0;
  private vEnd = 0;
  /** The value text when it arrived in pieces (CDATA, comments) or needed decoding. */
  private vText: string | null = null;
  private inInline = false;
  private inlineText: string | null = null;
  private phonetic = 0;
  private inRun = false;
  private preserve = false;
  private tText: string | null = null;

  constructor(ctx: SheetContext, sink: RowSink) {
    this.ctx = ctx;
    this.sink = sink;
    this.sst = ctx.sharedStrings;
    this.styles = ctx.styles;
    this.fromRow = ctx.fromRow;
    this.detailed = ctx.detailed;
    this.headOnly = ctx.headOnly === true;
    this.paddedAsText = ctx.paddedNumbersAsText === true;
  }

  /**
   * A start tag whose name is buf[ns, ne): reads its attributes and returns the index of its closing '>', or -1
   * when the buffer ends first (nothing changes then; the whole tag comes again with more bytes). A whole common
   * cell (`<c ...><v>1</v></c>`) is taken at once, returning the index of its last '>'.
   */
  openTag(buf: Buffer, ns: number, ne: number): number {
    if (ne - ns === 1 && buf[ns] === c_) return this.openCellTag(buf, ne);
    const end = tagEnd(buf, ne);
    if (end < 0) return -1;
    const selfClosing = buf[end - 1] === SLASH && end - 1 >= ne;
    this.open(buf, ns, ne, ne, selfClosing ? end - 1 : end, selfClosing);
    return end;
  }

  open(buf: Buffer, ns: number, ne: number, as: number, ae: number, selfClosing: boolean): void {
    const len = ne - ns;
    const c0 = buf[ns];
    if (len === 1) {
      // <c> arrives through openTag, which reads its attributes in the same pass
      if (c0 === v_) {
        if (this.skipRow) this.skippedValue = this.skippedValue || this.inRow;
        else if (this.inCell) {
          this.sawValue = true;
          this.vBuf = null;
          this.vText = selfClosing ? '' : null;
          this.capture = selfClosing ? Capture.None : Capture.Value;
        }
      } else if (c0 === t_) {
        if (this.inInline && this.phonetic === 0 && !selfClosing) {
          this.capture = Capture.Text;
          this.preserve = hasPreserve(buf, as, ae);
          this.tText = '';
        }
      } else if (c0 === r_) {
        this.inRun = !selfClosing;
      }
      return;
    }
    if (len === 3 && c0 === r_) {
      if (buf[ns + 1] === 0x6f && buf[ns + 2] === 0x77) this.openRow(buf, as, ae, selfClosing);
      else if (buf[ns + 1] === 0x50 && buf[ns + 2] === 0x68 && !selfClosing) this.phonetic++;
      return;
    }
    if (len === 2 && c0 === 0x69 && buf[ns + 1] === s_) {
      if (this.skipRow) this.skippedValue = this.skippedValue || this.inRow;
      else if (this.inCell && !selfClosing) {
        this.inInline = true;
        this.sawValue = true;
        this.inlineText = '';
      }
      return;
    }
    if (len === 9) {
      const name = buf.toString('latin1', ns, ne);
      if (name === 'sheetData') this.sawSheetData = true;
      else if (name === 'dimension') this.dimension = dimensionRef(buf.toString('latin1', as, ae));
    }
  }

  close(buf: Buffer, ns: number, ne: number): void {
    const len = ne - ns;
    const c0 = buf[ns];
    if (len === 1) {
      if (c0 === c_) {
        if (this.inCell) this.closeCell();
      } else if (c0 === v_) {
        this.capture = Capture.None;
      } else if (c0 === t_) {
        if (this.capture === Capture.Text) {
          const text = this.tText ?? '';
          this.inlineText += this.preserve || this.inRun ? text : trimXmlSpace(text);
          this.capture = Capture.None;
        }
      } else if (c0 === r_) {
        this.inRun = false;
      }
      return;
    }
    if (len === 3 && c0 === r_) {
      if (buf[ns + 1] === 0x6f && buf[ns + 2] === 0x77) this.closeRow();
      else if (buf[ns + 1] === 0x50 && buf[ns + 2] === 0x68 && this.phonetic > 0) this.phonetic--;
      return;
    }
    if (len === 2 && c0 === 0x69 && buf[ns + 1] === s_) this.inInline = false;
  }

  text(buf: Buffer, start: number, end: number, cdata: boolean): void {
    const capture = this.capture;
    if (capture === Capture.None) return;
    if (capture === Capture.Value) {
      if (this.vBuf === null && this.vText === null && !cdata) {
        this.vBuf = buf;
        this.vStart = start;
        this.vEnd = end;
        return;
      }
      this.vText = this.valueText() + (cdata ? buf.toString('utf8', start, end) : decodeCellText(buf.toString('utf8', start, end)));
      this.vBuf = null;
      return;
    }
    this.tText += cdata ? buf.toString('utf8', start, end) : decodeCellText(buf.toString('utf8', start, end));
  }

  private openRow(buf: Buffer, as: number, ae: number, selfClosing: boolean): void {
    if (this.headOnly) return;
    let number = 0;
    let p = as;
    while (p < ae) {
      if (buf[p] <= 0x20) {
        p++;
        continue;
      }
      const nameStart = p;
      while (p < ae && buf[p] !== 0x3d && buf[p] > 0x20) p++;
      const isR = p - nameStart === 1 && buf[nameStart] === r_;
      while (p < ae && buf[p] !== 0x22 && buf[p] !== 0x27) p++;
      if (p >= ae) break;
      const quote = buf[p++];
      const vs = p;
      while (p < ae && buf[p] !== quote) p++;
      if (isR) number = parseDigits(buf, vs, p);
      p++;
    }
    this.rowHasNumber = number > 0;
    this.rowNumber = number > 0 ? number : 0;
    this.skipRow = number > 0 && number < this.fromRow;
    this.col = 0;
    this.hasValue = false;
    this.cells = [];
    this.inRow = !selfClosing;
    if (selfClosing) this.lastRowNumber = number > 0 ? number : this.lastRowNumber + 1;
  }

  private closeRow(): void {
    if (!this.inRow) return;
    this.inRow = false;
    const rowNumber = this.rowHasNumber ? this.rowNumber : this.rowNumber > 0 ? this.rowNumber : this.lastRowNumber + 1;
    this.lastRowNumber = rowNumber;
    if (this.skipRow || !this.hasValue) return;
    this.nonEmptyRows++;
    if (rowNumber < this.fromRow) return;
    this.sink(rowNumber, this.cells);
  }

  /**
   * `<c r="B2" s="1" t="s">` in one pass: find the tag's end and read r, s and t on the way. Returns the index of
   * '>' or -1 when the buffer ends first (nothing is changed then; the tag comes again whole).
   */
  private openCellTag(buf: Buffer, nameEnd: number): number {
    const len = buf.length;
    let refStart = -1;
    let refEnd = -1;
    let type = CellType.Number;
    let style = 0;
    let p = nameEnd;
    let c = 0;
    for (;;) {
      if (p >= len) return -1;
      c = buf[p];
      if (c === GT) break;
      if (c <= 0x20 || c === SLASH) {
        p++;
        continue;
      }
      const nameStart = p;
      while (p < len && (c = buf[p]) !== EQ && c > 0x20 && c !== GT && c !== SLASH) p++;
      const nameLen = p - nameStart;
      while (p < len && (c = buf[p]) !== DQUOTE && c !== SQUOTE && c !== GT) p++;
      if (p >= len) return -1;
      if (c === GT) break;
      const vs = ++p;
      while (p < len && buf[p] !== c) p++;
      if (p >= len) return -1;
      const ve = p++;
      if (nameLen !== 1) continue;
      const n0 = buf[nameStart];
      if (n0 === r_) {
        refStart = vs;
        refEnd = ve;
      } else if (n0 === s_) {
        style = parseDigits(buf, vs, ve);
      } else if (n0 === t_) {
        type = cellType(buf, vs, ve);
      }
    }
    const end = p;
    if (!this.inRow || this.skipRow) {
      this.inCell = false;
      return end;
    }
    let col = 0;
    if (refStart >= 0) {
      let q = refStart;
      for (; q < refEnd; q++) {
        const letter = buf[q] | 0x20; // to lower case
        if (letter < 0x61 || letter > 0x7a) break;
        col = col * 26 + (letter - 0x60);
      }
      // a row without r takes its number from its first cell's reference
      if (!this.rowHasNumber && this.rowNumber === 0 && q < refEnd) {
        const n = parseDigits(buf, q, refEnd);
        if (n > 0) this.rowNumber = n;
      }
    }
    if (col === 0) col = this.col + 1;
    if (col > MAX_COLUMNS) throw notXlsx(this.ctx.file, `is damaged: sheet "${this.ctx.sheetName}" has a cell beyond column XFD`);
    this.col = col;
    if (buf[end - 1] === SLASH) {
      this.inCell = false;
      return end;
    }
    this.inCell = true;
    this.type = type;
    this.style = style < 0 ? 0 : style;
    this.sawValue = false;
    this.vBuf = null;
    this.vText = null;
    this.inlineText = null;
    this.inInline = false;
    // The common cell is exactly <c ...><v>text</v></c>: take it whole here rather than as five more tokens.
    // Anything else (a formula, an inline string, whitespace, a prefix, the buffer ending) takes the normal way.
    if (end + 12 < len && buf[end + 1] === LT && buf[end + 2] === v_ && buf[end + 3] === GT) {
      const vs = end + 4;
      let q = vs;
      while (q < len && buf[q] !== LT) q++;
      if (
        q + 7 < len &&
        buf[q + 1] === SLASH &&
        buf[q + 2] === v_ &&
        buf[q + 3] === GT &&
        buf[q + 4] === LT &&
        buf[q + 5] === SLASH &&
        buf[q + 6] === c_ &&
        buf[q + 7] === GT
      ) {
        this.sawValue = true;
        this.vBuf = buf;
        this.vStart = vs;
        this.vEnd = q;
        this.closeCell();
        return q + 7;
      }
    }
    return end;
  }

  private closeCell(): void {
    this.inCell = false;
    this.capture = Capture.None;
    if (!this.sawValue) return;
    const value = this.detailed ? this.cellInfo() : this.cellValue();
    if (value === null) return;
    const cells = this.cells;
    const i = this.col - 1;
    if (i === cells.length) cells.push(value);
    else if (i > cells.length) {
      while (cells.length < i) cells.push(null);
      cells.push(value);
    } else cells[i] = value;
  }

  /** The text of <v> (decoded), for the less common types. */
  private valueText(): string {
    if (this.vText !== null) return this.vText;
    if (this.vBuf === null) return '';
    return decodeCellText(this.vBuf.toString('utf8', this.vStart, this.vEnd));
  }

  private cellValue(): CellValue {
    const type = this.type;
    const buf = this.vBuf;
    if (type === CellType.Number) {
      const n = buf !== null ? parseNumber(buf, this.vStart, this.vEnd) : parseLooseNumber(this.valueText());
      if (n === null) return this.nonNumeric();
      this.hasValue = true;
      if (this.styles.isDate(this.style)) return excelSerialToDate(n, this.ctx.date1904) ?? n;
      if (this.paddedAsText) return padded(n, this.styles.padWidth[this.style] ?? 0);
      return n;
    }
    if (type === CellType.Shared) {
      if (this.inlineText !== null) return this.stringValue(this.inlineText);
      let index = buf !== null ? parseDigits(buf, this.vStart, this.vEnd) : -1;
      if (index < 0) index = Number(this.valueText().trim());
      return this.stringValue(this.shared(index));
    }
    return this.otherValue().value;
  }

  private stringValue(s: string): string {
    if (s !== '') this.hasValue = true;
    return s;
  }

  /** A number cell whose text is not a number: keep the text rather than lose it. */
  private nonNumeric(): string | null {
    const text = this.valueText();
    if (text.trim() === '') return null;
    this.hasValue = true;
    return text;
  }

  private shared(index: number): string {
    const s = this.sst === null ? undefined : this.sst.get(index);
    if (s === undefined) {
      const size = this.sst === null ? 0 : this.sst.size;
      throw notXlsx(this.ctx.file, `is damaged: sheet "${this.ctx.sheetName}" row ${this.currentRow()} refers to shared string ${index}, but the workbook has ${size}`);
    }
    return s;
  }

  private currentRow(): number {
    return this.rowNumber > 0 ? this.rowNumber : this.lastRowNumber + 1;
  }

  /** Values of the rarer types, with their kind (shared by both output modes). */
  private otherValue(): { value: CellValue; kind: CellKind } {
    switch (this.type) {
      case CellType.Inline:
      case CellType.FormulaString: {
        const s = this.inlineText ?? this.valueText();
        if (s !== '') this.hasValue = true;
        return { value: s, kind: 'string' };
      }
      case CellType.Boolean: {
        const text = this.valueText().trim();
        if (text === '') return { value: null, kind: 'empty' };
        this.hasValue = true;
        return { value: text === '1' || text.toLowerCase() === 'true', kind: 'boolean' };
      }
      case CellType.Error: {
        const text = this.valueText().trim();
        if (text === '') return { value: null, kind: 'empty' };
        this.hasValue = true;
        return { value: text, kind: 'error' };
      }
      case CellType.IsoDate: {
        const text = this.valueText().trim();
        if (text === '') return { value: null, kind: 'empty' };
        this.hasValue = true;
        const date = parseIsoDate(text);
        return date === null ? { value: text, kind: 'string' } : { value: date, kind: 'date' };
      }
      default: {
        if (this.inlineText !== null) return { value: this.stringValue(this.inlineText), kind: 'string' };
        const text = this.valueText();
        return { value: text === '' ? null : this.stringValue(text), kind: text === '' ? 'empty' : 'string' };
      }
    }
  }

  /** The <v> text of a number cell: ASCII digits in practice, so no UTF-8 or entity decoding unless needed. */
  private numberText(): string {
    const buf = this.vBuf;
    if (buf === null) return this.valueText();
    for (let i = this.vStart; i < this.vEnd; i++) {
      const c = buf[i];
      if (c >= 0x80 || c === 0x26 || c === 0x0d || c === 0x5f) return this.valueText();
    }
    return buf.toString('latin1', this.vStart, this.vEnd);
  }

  private cellInfo(): CellInfo | null {
    const type = this.type;
    if (type === CellType.Number) {
      const raw = this.numberText();
      const n = parseLooseNumber(raw);
      if (n === null) {
        const text = this.nonNumeric();
        return text === null ? null : { value: text, kind: 'string', raw };
      }
      this.hasValue = true;
      const numFmtId = this.styles.formatId(this.style);
      const numFmt = this.styles.formatCode(this.style);
      if (this.styles.isDate(this.style)) {
        const date = excelSerialToDate(n, this.ctx.date1904);
        if (date !== null) return { value: date, kind: 'date', numFmt, numFmtId, raw };
      }
      return { value: n, kind: 'number', numFmt, numFmtId, raw };
    }
    if (type === CellType.Shared) {
      const value = this.cellValue();
      return value === null ? null : { value, kind: 'string' };
    }
    const { value, kind } = this.otherValue();
    if (value === null) return null;
    if (kind === 'string') return { value, kind };
    return { value, kind, raw: this.valueText().trim() };
  }
}

function cellType(buf: Buffer, vs: number, ve: number): CellType {
  const len = ve - vs;
  const c = buf[vs];
  if (len === 1) {
    if (c === s_) return CellType.Shared;
    if (c === 0x62) return CellType.Boolean;
    if (c === 0x65) return CellType.Error;
    if (c === 0x64) return CellType.IsoDate;
    return CellType.Number;
  }
  if (len === 3 && c === s_) return CellType.FormulaString;
  if (len === 9 && c === 0x69) return CellType.Inline;
  return CellType.Number;
}

/** Unsigned decimal digits; -1 when there are none or something else is there. */
function parseDigits(buf: Buffer, start: number, end: number): number {
  if (start >= end) return -1;
  let n = 0;
  for (let p = start; p < end; p++) {
    const d = buf[p] - 0x30;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

/**
 * A number from the bytes of <v>. Up to 15 significant digits without an exponent, mantissa / 10^scale is
 * exact (both are exact doubles, and IEEE division rounds correctly); everything else goes through Number().
 * null when there is no number (empty or not numeric).
 */
function parseNumber(buf: Buffer, start: number, end: number): number | null {
  let p = start;
  const negative = buf[p] === 0x2d;
  if (negative) p++;
  let mantissa = 0;
  let digits = 0;
  let scale = 0;
  while (p < end) {
    const d = buf[p] - 0x30;
    if (d < 0 || d > 9) break;
    mantissa = mantissa * 10 + d;
    digits++;
    p++;
  }
  if (p < end && buf[p] === 0x2e) {
    p++;
    while (p < end) {
      const d = buf[p] - 0x30;
      if (d < 0 || d > 9) break;
      mantissa = mantissa * 10 + d;
      digits++;
      scale++;
      p++;
    }
  }
  if (p !== end || digits === 0 || digits > 15) return parseLooseNumber(buf.toString('latin1', start, end));
  const value = scale === 0 ? mantissa : mantissa / POW10[scale];
  return negative ? -value : value;
}

function parseLooseNumber(text: string): number | null {
  let s = 0;
  let e = text.length;
  while (s < e && isXmlSpace(text.charCodeAt(s))) s++;
  while (e > s && isXmlSpace(text.charCodeAt(e - 1))) e--;
  if (s === e) return null;
  const n = Number(s === 0 && e === text.length ? text : text.slice(s, e));
  return Number.isNaN(n) ? null : n;
}

/** `t="d"` cells hold ISO 8601 text; without a zone it is a wall-clock value, read as UTC like serial dates. */
function parseIsoDate(text: string): Date | null {
  const zoned = /([zZ]|[+-]\d\d:?\d\d)$/.test(text) || !text.includes('T') ? text : `${text}Z`;
  const date = new Date(/^\d{4}-\d\d-\d\d$/.test(zoned) ? `${zoned}T00:00:00Z` : zoned);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** n as Excel displays it in a zero-padding format of this width (123, 6 → "000123"); n itself when not padded. */
function padded(n: number, width: number): CellValue {
  if (width === 0 || !Number.isInteger(n) || n < 0 || n >= 1e21) return n;
  return String(n).padStart(width, '0');
}
