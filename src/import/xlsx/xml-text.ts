// Turning raw XML bytes into text: entities, XML line-end normalisation, OOXML `_xHHHH_` escapes, attributes.

const AMP = 0x26;
const UNDERSCORE = 0x5f;
const CR = 0x0d;

const named: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Decodes `&lt;`, `&#233;`, `&#xE9;`...; unknown entities are left as written (no DTD is ever read). */
export function decodeEntities(text: string): string {
  if (text.indexOf('&') < 0) return text;
  return text.replace(/&(#[xX][0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (whole, body: string) => {
    if (body.charCodeAt(0) === 0x23) {
      const code = body.charCodeAt(1) === 0x78 || body.charCodeAt(1) === 0x58 ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return code >= 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return named[body] ?? whole;
  });
}

/** XML parsers turn CRLF and lone CR into LF; Excel writes a real CR as `_x000D_` for that reason. */
export function normalizeLineEnds(text: string): string {
  return text.indexOf('\r') < 0 ? text : text.replace(/\r\n?/g, '\n');
}

/** OOXML escapes characters XML cannot carry as `_xHHHH_` (`_x000D_` is CR); `_x005F_` escapes the underscore
 * itself, so `_x005F_x000D_` is the literal text `_x000D_` (a left-to-right replace gets that right). */
export function decodeOoxmlEscapes(text: string): string {
  if (text.indexOf('_x') < 0) return text;
  return text.replace(/_x([0-9A-Fa-f]{4})_/g, (_whole, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** Raw character data of an OOXML string (`<t>`, `<v>` of t="str") to its value. */
export function decodeCellText(raw: string): string {
  return decodeOoxmlEscapes(decodeEntities(normalizeLineEnds(raw)));
}

/** True when buf[start, end) needs decodeCellText; false means its UTF-8 bytes already are the value. */
export function needsDecoding(buf: Buffer, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = buf[i];
    if (c === AMP || c === CR || (c === UNDERSCORE && i + 1 < end && buf[i + 1] === 0x78)) return true;
  }
  return false;
}

/** XML whitespace (space, tab, CR, LF). */
export const isXmlSpace = (c: number): boolean => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;

/**
 * Calls visit(name, valueStart, valueEnd) for each attribute in buf[start, end); the value is raw (use
 * attributeValue to decode). Names keep their prefix (`r:id`, `xml:space`).
 */
export function forEachAttribute(buf: Buffer, start: number, end: number, visit: (name: string, valueStart: number, valueEnd: number) => void): void {
  let p = start;
  while (p < end) {
    while (p < end && (isXmlSpace(buf[p]) || buf[p] === 0x2f)) p++;
    if (p >= end) return;
    const nameStart = p;
    while (p < end && buf[p] !== 0x3d && !isXmlSpace(buf[p])) p++;
    const nameEnd = p;
    while (p < end && isXmlSpace(buf[p])) p++;
    if (buf[p] !== 0x3d) continue; // an attribute without a value is not XML; skip the word
    p++;
    while (p < end && isXmlSpace(buf[p])) p++;
    const quote = buf[p];
    if (quote !== 0x22 && quote !== 0x27) continue;
    const valueStart = p + 1;
    let q = valueStart;
    while (q < end && buf[q] !== quote) q++;
    visit(buf.toString('latin1', nameStart, nameEnd), valueStart, q);
    p = q + 1;
  }
}

/** A decoded attribute value. */
export const attributeValue = (buf: Buffer, start: number, end: number): string => decodeEntities(buf.toString('utf8', start, end));

/** All attributes of a tag, decoded (for the small parts: workbook, relationships, styles). */
export function readAttributes(buf: Buffer, start: number, end: number): Record<string, string> {
  const attrs: Record<string, string> = {};
  forEachAttribute(buf, start, end, (name, vs, ve) => {
    attrs[name] = attributeValue(buf, vs, ve);
  });
  return attrs;
}

/** The local part of an attribute name (`r:id` → `id`). */
export const localName = (name: string): string => {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
};
