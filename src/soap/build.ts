// Building SOAP request envelopes. Every text value goes through escapeXml(): order data comes from
// Excel and may hold '&', '<', quotes or control characters that would break (or inject into) the XML.

/** A value for one element: text, a nested record of children, or a list (repeated elements of the same name). */
export type XmlValue = string | number | boolean | null | undefined | XmlChildren | XmlValue[];
export interface XmlChildren {
  [name: string]: XmlValue;
}

// XML 1.0 cannot carry these at all, not even as character references: drop them.
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Escape text for element content or a double-quoted attribute value. */
export function escapeXml(text: string): string {
  return text
    .replace(FORBIDDEN, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    // A raw CR would be normalised to LF by the receiving parser.
    .replace(/\r/g, '&#13;');
}

const NAME = /^[A-Za-z_][A-Za-z0-9_.-]*(:[A-Za-z_][A-Za-z0-9_.-]*)?$/;

/** Serialise one element. null/undefined values are left out; '' gives an empty element. */
export function xmlElement(name: string, value: XmlValue): string {
  if (!NAME.test(name)) throw new Error(`not an XML element name: ${name}`);
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.map((v) => xmlElement(name, v)).join('');
  if (typeof value === 'object') {
    const inner = Object.entries(value)
      .map(([k, v]) => xmlElement(k, v))
      .join('');
    return `<${name}>${inner}</${name}>`;
  }
  const text = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : String(value);
  return `<${name}>${escapeXml(text)}</${name}>`;
}

export interface EnvelopeOptions {
  /** The service's target namespace. */
  namespace: string;
  /** The operation element (createShipment, SetOrder, ...). */
  operation: string;
  /**
   * 'prefixed': `<ns:operation>` with unqualified children (JAX-WS services such as Yurtiçi).
   * 'default': `<operation xmlns="...">`, children in that namespace (.NET ASMX/WCF services such as Aras).
   */
  style: 'prefixed' | 'default';
  body: XmlChildren;
}

/** A SOAP 1.1 envelope around one operation. */
export function soapEnvelope(options: EnvelopeOptions): string {
  if (!NAME.test(options.operation)) throw new Error(`not an XML element name: ${options.operation}`);
  const inner = Object.entries(options.body)
    .map(([k, v]) => xmlElement(k, v))
    .join('');
  const ns = escapeXml(options.namespace);
  const op =
    options.style === 'prefixed'
      ? `<op:${options.operation} xmlns:op="${ns}">${inner}</op:${options.operation}>`
      : `<${options.operation} xmlns="${ns}">${inner}</${options.operation}>`;
  return (
    '<?xml version="1.0" encoding="utf-8"?>' +
    '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/">' +
    `<soapenv:Header/><soapenv:Body>${op}</soapenv:Body></soapenv:Envelope>`
  );
}
