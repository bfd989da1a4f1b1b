import { XMLParser, XMLValidator } from 'fast-xml-parser';

// Parsing SOAP responses with a real XML parser. Values stay strings (parseTagValue off): cargo keys
// such as "0012" and tracking numbers must never turn into numbers.

export type XmlObject = Record<string, unknown>;

export class XmlParseError extends Error {
  override readonly name = 'XmlParseError';
}

/**
 * Parse an XML document. Namespace prefixes are dropped (carriers vary them between responses);
 * elements named in `arrays` always come back as arrays, so one-element lists look like longer ones.
 */
export function parseXml(text: string, arrays: readonly string[] = [], options: { lenient?: boolean } = {}): XmlObject {
  // SOAP messages must not carry a DTD; refusing one also rules out entity-expansion tricks.
  if (/<!DOCTYPE/i.test(text)) throw new XmlParseError('the response contains a DTD, which SOAP does not allow');
  // Lenient: for error bodies the HTTP client cut at 2 KB, where the fault text is still worth reading.
  const valid = options.lenient ? true : XMLValidator.validate(text);
  if (valid !== true) throw new XmlParseError(`not well-formed XML (line ${valid.err.line}: ${valid.err.msg})`);
  const wanted = new Set(arrays);
  const parser = new XMLParser({
    removeNSPrefix: true,
    parseTagValue: false,
    parseAttributeValue: false,
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    trimValues: true,
    // Numeric character references (&#305; for 'ı') are common in Turkish responses.
    htmlEntities: true,
    isArray: (name) => wanted.has(name),
  });
  const doc = parser.parse(text) as XmlObject;
  if (!doc || typeof doc !== 'object' || Object.keys(doc).filter((k) => !k.startsWith('?')).length === 0) {
    throw new XmlParseError('the response is not an XML document');
  }
  return doc;
}

export interface SoapFault {
  code: string | null;
  message: string;
}

export interface SoapMessage {
  /** Children of soap:Body (the operation's response element, or Fault). */
  body: XmlObject;
  fault: SoapFault | null;
}

/** Parse a SOAP 1.1 (or 1.2) envelope; a Fault in the body is returned, not thrown. */
export function parseSoap(text: string, arrays: readonly string[] = [], options: { lenient?: boolean } = {}): SoapMessage {
  const doc = parseXml(text, arrays, options);
  const envelope = doc.Envelope;
  if (!isObject(envelope)) throw new XmlParseError('the response is XML but not a SOAP envelope');
  const body = envelope.Body;
  if (!isObject(body)) throw new XmlParseError('the SOAP envelope has no Body');
  const f = body.Fault;
  if (f !== undefined) {
    const fault = isObject(f) ? f : {};
    // SOAP 1.1: faultcode/faultstring; SOAP 1.2: Code/Value and Reason/Text.
    const code = textOf(fault.faultcode) ?? textOf(isObject(fault.Code) ? fault.Code.Value : undefined);
    const message = textOf(fault.faultstring) ?? textOf(isObject(fault.Reason) ? fault.Reason.Text : undefined) ?? 'SOAP fault without a message';
    return { body, fault: { code, message } };
  }
  return { body, fault: null };
}

export function isObject(v: unknown): v is XmlObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The text of a parsed element: null for absent, empty or xsi:nil elements. */
export function textOf(v: unknown): string | null {
  if (v === undefined || v === null) return null;
  if (Array.isArray(v)) return textOf(v[0]);
  if (typeof v === 'object') {
    const o = v as XmlObject;
    if (o['@_nil'] === 'true' || o['@_nil'] === '1') return null;
    return textOf(o['#text']);
  }
  const s = String(v).trim();
  return s === '' ? null : s;
}

/** A child that may be absent, one element, or many: always a list of objects. */
export function listOf(v: unknown): XmlObject[] {
  if (v === undefined || v === null || v === '') return [];
  const items = Array.isArray(v) ? v : [v];
  return items.filter(isObject);
}

/** Strings of a repeated text element. */
export function textsOf(v: unknown): string[] {
  const items = Array.isArray(v) ? v : v === undefined ? [] : [v];
  return items.map(textOf).filter((s): s is string => s !== null);
}
