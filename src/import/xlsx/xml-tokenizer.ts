// An incremental XML tokenizer over UTF-8 bytes. It reports tags and text as byte ranges of the buffer it is
// parsing, so the hot path (a worksheet's <c><v>) allocates nothing: the handler decides what becomes a string.
// Chunks may split the document anywhere; an unfinished token is carried into the next write.
//
// What it understands: start, end and empty-element tags (names reported without their namespace prefix),
// quoted attribute values containing '>', text, CDATA sections, comments, processing instructions and a DOCTYPE
// (skipped; no entity definitions are ever expanded). Not a validating parser: mismatched tags are the
// handler's business.

export interface XmlHandler {
  /** A start tag (or an empty-element tag when selfClosing). The name is buf[nameStart, nameEnd), local part only;
   * attributes are somewhere in buf[attrStart, attrEnd) (see forEachAttribute / findAttribute). */
  open(buf: Buffer, nameStart: number, nameEnd: number, attrStart: number, attrEnd: number, selfClosing: boolean): void;
  close(buf: Buffer, nameStart: number, nameEnd: number): void;
  /** Character data buf[start, end): raw (entities still encoded) unless cdata. Comments may split one text into
   * several calls. */
  text(buf: Buffer, start: number, end: number, cdata: boolean): void;
}

export class XmlSyntaxError extends Error {
  override name = 'XmlSyntaxError';
}

export const LT = 0x3c;
export const GT = 0x3e;
export const SLASH = 0x2f;
export const BANG = 0x21;
export const QUESTION = 0x3f;
export const COLON = 0x3a;
const DQUOTE = 0x22;
const SQUOTE = 0x27;
const DASH = 0x2d;
const LBRACKET = 0x5b;
const RBRACKET = 0x5d;

/** The index of the '>' ending the tag whose attributes start at from (quoted values may contain '>'), or -1. */
export function tagEnd(buf: Buffer, from: number): number {
  const len = buf.length;
  let quote = 0;
  for (let q = from; q < len; q++) {
    const c = buf[q];
    if (quote !== 0) {
      if (c === quote) quote = 0;
    } else if (c === GT) {
      return q;
    } else if (c === DQUOTE || c === SQUOTE) {
      quote = c;
    }
  }
  return -1;
}

/** What an unfinished token needs to see before re-parsing is worth it (avoids quadratic re-scans of huge text). */
export const NEED_ANY = -1;
/** Bytes of a new chunk joined to a carried token to finish it (tokens are short; longer ones take the slow way). */
const BRIDGE = 4096;

export class XmlTokenizer {
  private readonly handler: XmlHandler;
  /** Unconsumed bytes: the carried tail of the last buffer, then chunks that could not finish it yet. */
  private pending: Buffer[] = [];
  protected need = NEED_ANY;
  /** Bytes consumed before the current buffer (for error positions). */
  private consumed = 0;

  constructor(handler: XmlHandler) {
    this.handler = handler;
  }

  write(chunk: Buffer): void {
    if (chunk.length === 0) return;
    if (this.pending.length === 1 && chunk.length > BRIDGE) {
      // The carried token usually needs a few bytes of the new chunk: finish it on a small joined buffer and
      // parse the rest of the chunk in place, instead of copying the whole chunk behind the carry.
      const carry = this.pending[0];
      const bridge = Buffer.concat([carry, chunk.subarray(0, BRIDGE)], carry.length + BRIDGE);
      const stop = this.parse(bridge, 0, false);
      if (stop >= carry.length) {
        this.pending = [];
        this.consumed += carry.length;
        this.keep(chunk, this.parse(chunk, stop - carry.length, false));
        return;
      }
      this.consumed += stop;
      this.pending[0] = carry.subarray(stop);
    }
    let buf: Buffer;
    if (this.pending.length === 0) {
      buf = chunk;
    } else {
      this.pending.push(chunk);
      if (this.need !== NEED_ANY && chunk.indexOf(this.need) === -1) return;
      buf = Buffer.concat(this.pending);
      this.pending = [];
    }
    this.keep(buf, this.parse(buf, 0, false));
  }

  /** Remembers the unconsumed tail of buf (from stop). */
  private keep(buf: Buffer, stop: number): void {
    this.consumed += stop;
    if (stop < buf.length) this.pending.push(buf.subarray(stop));
  }

  /** The document is complete: trailing text is delivered; an unfinished tag is an error. */
  end(): void {
    if (this.pending.length === 0) return;
    const buf = Buffer.concat(this.pending);
    this.pending = [];
    const stop = this.parse(buf, 0, true);
    if (stop < buf.length) {
      throw new XmlSyntaxError(`unfinished XML markup at byte ${this.consumed + stop}`);
    }
  }

  /** Tokenizes buf from `from`; returns where the first unfinished token begins (buf.length when none). */
  protected parse(buf: Buffer, from: number, final: boolean): number {
    const h = this.handler;
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
      // start tag: name, then attributes up to a '>' that is not inside quotes
      let q = p + 1;
      let nameStart = q;
      while (q < len) {
        const c = buf[q];
        if (c === GT || c === SLASH || c <= 0x20) break;
        if (c === COLON) nameStart = q + 1;
        q++;
      }
      const nameEnd = q;
      let quote = 0;
      while (q < len) {
        const c = buf[q];
        if (quote !== 0) {
          if (c === quote) quote = 0;
        } else if (c === GT) {
          break;
        } else if (c === DQUOTE || c === SQUOTE) {
          quote = c;
        }
        q++;
      }
      if (q === len) {
        this.need = GT;
        return p;
      }
      const selfClosing = buf[q - 1] === SLASH && q - 1 >= nameEnd;
      h.open(buf, nameStart, nameEnd, nameEnd, selfClosing ? q - 1 : q, selfClosing);
      p = q + 1;
    }
    return len;
  }

  /** Comments, CDATA, processing instructions, DOCTYPE. Returns the position after it, or -1 when unfinished. */
  protected special(buf: Buffer, p: number): number {
    const len = buf.length;
    if (buf[p + 1] === QUESTION) return this.skipTo(buf, p + 2, '?>');
    // <!-- comment -->
    if (len < p + 4) return this.unfinished();
    if (buf[p + 2] === DASH && buf[p + 3] === DASH) return this.skipTo(buf, p + 4, '-->');
    // <![CDATA[ ... ]]>
    if (buf[p + 2] === LBRACKET) {
      if (len < p + 9) return this.unfinished();
      if (buf.toString('latin1', p, p + 9) !== '<![CDATA[') throw new XmlSyntaxError(`malformed markup at byte ${this.consumed + p}`);
      const end = buf.indexOf(']]>', p + 9, 'latin1');
      if (end < 0) {
        this.need = GT;
        return -1;
      }
      this.handler.text(buf, p + 9, end, true);
      return end + 3;
    }
    // <!DOCTYPE ...> possibly with an internal subset [...]
    let depth = 0;
    let quote = 0;
    for (let q = p + 2; q < len; q++) {
      const c = buf[q];
      if (quote !== 0) {
        if (c === quote) quote = 0;
      } else if (c === DQUOTE || c === SQUOTE) quote = c;
      else if (c === LBRACKET) depth++;
      else if (c === RBRACKET) depth--;
      else if (c === GT && depth <= 0) return q + 1;
    }
    this.need = GT;
    return -1;
  }

  private skipTo(buf: Buffer, from: number, terminator: string): number {
    const end = buf.indexOf(terminator, from, 'latin1');
    if (end < 0) {
      this.need = GT;
      return -1;
    }
    return end + terminator.length;
  }

  private unfinished(): number {
    this.need = NEED_ANY;
    return -1;
  }
}
