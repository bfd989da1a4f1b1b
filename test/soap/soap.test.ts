import { describe, expect, it } from 'vitest';
import { XMLParser } from 'fast-xml-parser';
import { escapeXml, soapEnvelope, xmlElement } from '../../src/soap/build.js';
import { listOf, parseSoap, parseXml, textOf, XmlParseError } from '../../src/soap/parse.js';

describe('escapeXml / xmlElement', () => {
  it('escapes markup characters and drops characters XML cannot carry', () => {
    expect(escapeXml(`a & b < c > d "e" 'f'`)).toBe('a &amp; b &lt; c &gt; d &quot;e&quot; &apos;f&apos;');
    expect(escapeXml('tab\tnew\nline\u0000\u000b\u001f end')).toBe('tab\tnew\nline end');
    expect(escapeXml('cr\r')).toBe('cr&#13;');
    expect(escapeXml('ok 😀 \ud800 lone')).toBe('ok 😀  lone');
  });

  it('builds nested, repeated, empty and omitted elements', () => {
    expect(xmlElement('a', { b: 'x', c: ['1', '2'], d: '', e: null, f: undefined, g: 3, h: true })).toBe('<a><b>x</b><c>1</c><c>2</c><d></d><g>3</g><h>true</h></a>');
    expect(xmlElement('n', Number.NaN)).toBe('<n></n>');
    expect(() => xmlElement('bad name', 'x')).toThrow(/element name/);
  });

  it('round-trips hostile text through a real parser', () => {
    const hostile = `</wsPassword><injected>1</injected> & ]]> <![CDATA[x]]> "ş"`;
    const env = soapEnvelope({ namespace: 'urn:x', operation: 'op', style: 'prefixed', body: { value: hostile } });
    const doc = new XMLParser({ removeNSPrefix: true, parseTagValue: false }).parse(env, true) as { Envelope: { Body: { op: { value: string; injected?: unknown } } } };
    expect(doc.Envelope.Body.op.value).toBe(hostile);
    expect(doc.Envelope.Body.op.injected).toBeUndefined();
  });

  it('writes both namespace styles', () => {
    expect(soapEnvelope({ namespace: 'urn:y', operation: 'createShipment', style: 'prefixed', body: { a: '1' } })).toContain('<op:createShipment xmlns:op="urn:y"><a>1</a></op:createShipment>');
    expect(soapEnvelope({ namespace: 'http://tempuri.org/', operation: 'SetOrder', style: 'default', body: { a: '1' } })).toContain('<SetOrder xmlns="http://tempuri.org/"><a>1</a></SetOrder>');
  });
});

describe('parseSoap', () => {
  const wrap = (inner: string) => `<?xml version="1.0"?><S:Envelope xmlns:S="http://schemas.xmlsoap.org/soap/envelope/"><S:Body>${inner}</S:Body></S:Envelope>`;

  it('reads the body with prefixes dropped, values as strings, lists as lists', () => {
    const msg = parseSoap(wrap('<ns2:r xmlns:ns2="x"><count>0012</count><item><k>A</k></item><name>Ay&#351;e &amp; &#x131;</name><nil xsi:nil="true" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"/></ns2:r>'), ['item']);
    const r = msg.body.r as Record<string, unknown>;
    expect(msg.fault).toBeNull();
    expect(textOf(r.count)).toBe('0012');
    expect(listOf(r.item).map((i) => textOf(i.k))).toEqual(['A']);
    expect(textOf(r.name)).toBe('Ayşe & ı');
    expect(textOf(r.nil)).toBeNull();
    expect(textOf(r.missing)).toBeNull();
  });

  it('returns SOAP 1.1 and 1.2 faults', () => {
    expect(parseSoap(wrap('<S:Fault><faultcode>S:Client</faultcode><faultstring>bad &lt;thing&gt;</faultstring></S:Fault>')).fault).toEqual({ code: 'S:Client', message: 'bad <thing>' });
    expect(parseSoap(wrap('<S:Fault><S:Code><S:Value>S:Receiver</S:Value></S:Code><S:Reason><S:Text>down</S:Text></S:Reason></S:Fault>')).fault).toEqual({ code: 'S:Receiver', message: 'down' });
  });

  it('refuses what is not a well-formed envelope, and any DTD', () => {
    expect(() => parseSoap('<html><body>502 Bad Gateway</body></html>')).toThrow(/not a SOAP envelope/);
    expect(() => parseSoap(wrap('<a><b>unclosed</a>'))).toThrow(XmlParseError);
    expect(() => parseXml('plain text')).toThrow(XmlParseError);
    expect(() => parseXml('<!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>')).toThrow(/DTD/);
    expect(parseSoap(wrap('<S:Fault><faultstring>cut off'), [], { lenient: true }).fault).not.toBeNull();
  });
});
