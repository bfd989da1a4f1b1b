import { type XmlHandler } from './xml-tokenizer.js';
import { decodeCellText, isXmlSpace, needsDecoding, forEachAttribute, readAttributes } from './xml-text.js';

// xl/sharedStrings.xml, read once per workbook. A million-row sheet can have millions of distinct strings, and
// a JS string costs ~60 bytes of heap on top of its text; so the table keeps the strings as UTF-8 in one buffer
// with an offset index (about a third of that) and makes JS strings on demand. Strings looked up more than
// once (categories, brands, units) are kept as JS strings in a bounded memo, so repeated values decode once.

const MEMO_LIMIT = 65_536;

export class SharedStringTable {
  private bytes: Buffer;
  private used = 0;
  private offsets = new Uint32Array(1024);
  private count = 0;
  private seen: Uint8Array = new Uint8Array(0);
  private readonly memo = new Map<number, string>();

  /** capacityHint: the part's uncompressed size bounds the text it can hold. Reserving it up front costs no
   * memory until written (large allocations are mapped lazily), where growing by doubling would briefly need
   * three times the table. */
  constructor(capacityHint = 64 * 1024) {
    this.bytes = Buffer.allocUnsafe(Math.max(1024, Math.min(capacityHint, 256 * 1024 * 1024)));
  }

  /** Sizes the offset index once the count is known (`<sst uniqueCount>`). */
  expect(count: number): void {
    if (count + 1 > this.offsets.length && count < 50_000_000) {
      const sized = new Uint32Array(count + 1);
      sized.set(this.offsets.subarray(0, this.count + 1));
      this.offsets = sized;
    }
  }

  get size(): number {
    return this.count;
  }

  /** The string at index i, or undefined when the table has no such index. */
  get(i: number): string | undefined {
    if (!(i >= 0 && i < this.count) || i !== Math.floor(i)) return undefined;
    if (this.seen[i] === 0) {
      this.seen[i] = 1;
      return this.bytes.toString('utf8', this.offsets[i], this.offsets[i + 1]);
    }
    let s = this.memo.get(i);
    if (s === undefined) {
      s = this.bytes.toString('utf8', this.offsets[i], this.offsets[i + 1]);
      if (this.memo.size < MEMO_LIMIT) this.memo.set(i, s);
    }
    return s;
  }

  /** Bytes held (for memory reports). */
  get byteSize(): number {
    return this.bytes.length + this.offsets.byteLength + this.seen.byteLength;
  }

  appendBytes(buf: Buffer, start: number, end: number): void {
    const n = end - start;
    this.reserve(n);
    const bytes = this.bytes;
    let used = this.used;
    // most strings are a few dozen bytes: a loop beats Buffer#copy's per-call overhead
    if (n <= 64) for (let i = start; i < end; i++) bytes[used++] = buf[i];
    else used += buf.copy(bytes, used, start, end);
    this.used = used;
  }

  appendString(s: string): void {
    this.reserve(s.length * 3);
    this.used += this.bytes.write(s, this.used, 'utf8');
  }

  /** Ends the current string (everything appended since the previous commit). */
  commit(): void {
    if (this.count + 2 > this.offsets.length) {
      const grown = new Uint32Array(this.offsets.length * 2);
      grown.set(this.offsets);
      this.offsets = grown;
    }
    this.count++;
    this.offsets[this.count] = this.used;
  }

  /** Loading is done. (The unused end of the byte buffer is never touched, so it is not resident: no trim.) */
  finish(): void {
    if (this.offsets.length > (this.count + 1) * 1.25 + 1024) this.offsets = this.offsets.slice(0, this.count + 1);
    this.seen = new Uint8Array(this.count);
  }

  private reserve(n: number): void {
    if (this.used + n <= this.bytes.length) return;
    let size = this.bytes.length * 2;
    while (size < this.used + n) size *= 2;
    const grown = Buffer.allocUnsafe(size);
    this.bytes.copy(grown, 0, 0, this.used);
    this.bytes = grown;
  }
}

const enum State {
  Outside,
  InItem,
  InText,
}

/**
 * `<si>` is one string: a plain `<t>`, or rich text runs `<r><rPr/><t/></r>` concatenated. Phonetic runs
 * (`<rPh><t>` furigana) are not part of the value. Without xml:space="preserve", Excel drops leading and
 * trailing whitespace of a plain `<t>`; runs keep theirs (a run of one space separates words).
 */
export class SharedStringsHandler implements XmlHandler {
  readonly table: SharedStringTable;
  private state = State.Outside;
  private phonetic = 0;
  private inRun = false;
  private preserve = false;
  /** Raw text pieces of the current <t> (usually exactly one). */
  private pieceBuf: Buffer | null = null;
  private pieceStart = 0;
  private pieceEnd = 0;
  private extra: string | null = null;

  constructor(capacityHint?: number) {
    this.table = new SharedStringTable(capacityHint);
  }

  open(buf: Buffer, ns: number, ne: number, as: number, ae: number, selfClosing: boolean): void {
    const len = ne - ns;
    const c0 = buf[ns];
    if (len === 2 && c0 === 0x73 && buf[ns + 1] === 0x69) {
      // <si>
      this.state = State.InItem;
      this.phonetic = 0;
      if (selfClosing) this.table.commit();
    } else if (len === 1 && c0 === 0x74) {
      // <t>
      if (this.state !== State.InItem || this.phonetic > 0 || selfClosing) return;
      this.state = State.InText;
      this.preserve = hasPreserve(buf, as, ae);
      this.pieceBuf = null;
      this.extra = null;
    } else if (len === 1 && c0 === 0x72) {
      this.inRun = !selfClosing;
    } else if (len === 3 && c0 === 0x72 && buf[ns + 1] === 0x50 && buf[ns + 2] === 0x68) {
      if (!selfClosing) this.phonetic++;
    } else if (len === 3 && c0 === 0x73 && buf[ns + 1] === 0x73 && buf[ns + 2] === 0x74) {
      // <sst count uniqueCount>: the number of <si> is uniqueCount (count is how many cells use them)
      const attrs = readAttributes(buf, as, ae);
      const n = Number(attrs.uniqueCount ?? attrs.count);
      if (Number.isInteger(n) && n > 0) this.table.expect(n);
    }
  }

  close(buf: Buffer, ns: number, ne: number): void {
    const len = ne - ns;
    const c0 = buf[ns];
    if (len === 1 && c0 === 0x74) {
      if (this.state === State.InText) {
        this.flushText();
        this.state = State.InItem;
      }
    } else if (len === 2 && c0 === 0x73 && buf[ns + 1] === 0x69) {
      if (this.state !== State.Outside) this.table.commit();
      this.state = State.Outside;
    } else if (len === 1 && c0 === 0x72) {
      this.inRun = false;
    } else if (len === 3 && c0 === 0x72 && buf[ns + 1] === 0x50 && buf[ns + 2] === 0x68) {
      if (this.phonetic > 0) this.phonetic--;
    }
  }

  text(buf: Buffer, start: number, end: number, cdata: boolean): void {
    if (this.state !== State.InText) return;
    if (this.pieceBuf === null && this.extra === null && !cdata) {
      this.pieceBuf = buf;
      this.pieceStart = start;
      this.pieceEnd = end;
      return;
    }
    this.extra = this.pendingText() + (cdata ? buf.toString('utf8', start, end) : decodeCellText(buf.toString('utf8', start, end)));
    this.pieceBuf = null;
  }

  private pendingText(): string {
    if (this.extra !== null) return this.extra;
    if (this.pieceBuf === null) return '';
    return decodeCellText(this.pieceBuf.toString('utf8', this.pieceStart, this.pieceEnd));
  }

  private flushText(): void {
    const trim = !this.preserve && !this.inRun;
    if (this.extra === null && this.pieceBuf !== null) {
      const buf = this.pieceBuf;
      let s = this.pieceStart;
      let e = this.pieceEnd;
      if (trim) {
        while (s < e && isXmlSpace(buf[s])) s++;
        while (e > s && isXmlSpace(buf[e - 1])) e--;
      }
      if (needsDecoding(buf, s, e)) this.table.appendString(decodeCellText(buf.toString('utf8', s, e)));
      else this.table.appendBytes(buf, s, e);
    } else if (this.extra !== null) {
      this.table.appendString(trim ? trimXmlSpace(this.extra) : this.extra);
    }
    this.pieceBuf = null;
    this.extra = null;
  }
}

/** Does the tag carry xml:space="preserve"? */
export function hasPreserve(buf: Buffer, as: number, ae: number): boolean {
  if (ae - as < 20) return false;
  let preserve = false;
  forEachAttribute(buf, as, ae, (name, vs, ve) => {
    if (name === 'xml:space') preserve = buf.toString('latin1', vs, ve) === 'preserve';
  });
  return preserve;
}

export const trimXmlSpace = (s: string): string => s.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, '');
