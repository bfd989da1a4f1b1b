import { describe, expect, it } from 'vitest';
import { XmlSyntaxError, XmlTokenizer, type XmlHandler } from '../../../src/import/xlsx/xml-tokenizer.js';
import { decodeCellText, readAttributes } from '../../../src/import/xlsx/xml-text.js';

// Records tokens as readable strings, so splitting a document anywhere can be compared with parsing it whole.
function record(): { handler: XmlHandler; events: string[] } {
  const events: string[] = [];
  const handler: XmlHandler = {
    open(buf, ns, ne, as, ae, selfClosing) {
      const attrs = readAttributes(buf, as, ae);
      const list = Object.entries(attrs).map(([k, v]) => ` ${k}=${JSON.stringify(v)}`).join('');
      events.push(`<${buf.toString('utf8', ns, ne)}${list}${selfClosing ? '/' : ''}>`);
    },
    close(buf, ns, ne) {
      events.push(`</${buf.toString('utf8', ns, ne)}>`);
    },
    text(buf, start, end, cdata) {
      events.push(cdata ? `cdata:${buf.toString('utf8', start, end)}` : `text:${decodeCellText(buf.toString('utf8', start, end))}`);
    },
  };
  return { handler, events };
}

function tokenize(xml: string | Buffer, chunkSize?: number): string[] {
  const { handler, events } = record();
  const tokenizer = new XmlTokenizer(handler);
  const bytes = typeof xml === 'string' ? Buffer.from(xml, 'utf8') : xml;
  const step = chunkSize ?? bytes.length;
  for (let i = 0; i < bytes.length; i += step) tokenizer.write(bytes.subarray(i, i + step));
  tokenizer.end();
  return events;
}

const doc = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE note [ <!ENTITY x "y"> ]>
<x:root xmlns:x="urn:x" a='1' b="two > one" c="&quot;q&quot; &amp; &#x130;">
  <!-- a comment with <tags> and > inside -->
  <item id="Çağrı"/><item   id = "ş" />
  <t xml:space="preserve"> Kırmızı &amp; Yeşil &lt;3 &#233; _x000D_ </t>
  <t><![CDATA[<not a tag> & raw]]></t>
  <?pi some <instruction> ?>
  <empty></empty>
</x:root>`;

describe('XmlTokenizer', () => {
  it('reports tags (local names), attributes, text, CDATA; skips comments, PIs and DOCTYPE', () => {
    const events = tokenize(doc).filter((e) => e !== 'text:\n' && !/^text:\s+$/.test(e));
    expect(events).toEqual([
      '<root xmlns:x="urn:x" a="1" b="two > one" c="\\"q\\" & İ">',
      '<item id="Çağrı"/>',
      '<item id="ş"/>',
      '<t xml:space="preserve">',
      'text: Kırmızı & Yeşil <3 é \r ',
      '</t>',
      '<t>',
      'cdata:<not a tag> & raw',
      '</t>',
      '<empty>',
      '</empty>',
      '</root>',
    ]);
  });

  it('gives the same tokens when the document arrives one byte at a time', () => {
    expect(tokenize(doc, 1)).toEqual(tokenize(doc));
  });

  it('gives the same tokens for every chunk size (multi-byte characters split anywhere)', () => {
    const whole = tokenize(doc);
    for (let size = 2; size <= 64; size++) expect(tokenize(doc, size)).toEqual(whole);
  });

  it('handles a text longer than many chunks without losing any of it', () => {
    const long = 'ğ'.repeat(100_000);
    const events = tokenize(`<a>${long}</a>`, 4096);
    expect(events).toEqual(['<a>', `text:${long}`, '</a>']);
  });

  it('handles a tag split across a large chunk boundary (the bridge path)', () => {
    const body = '<r>' + Array.from({ length: 3000 }, (_, i) => `<c n="${i}" q="a > b">${i}</c>`).join('') + '</r>';
    const whole = tokenize(body);
    for (const size of [4095, 4096, 4097, 5000, 8191, 10_000]) expect(tokenize(body, size)).toEqual(whole);
  });

  it('refuses markup cut off at the end', () => {
    expect(() => tokenize('<root><c r="A1"')).toThrow(XmlSyntaxError);
    expect(() => tokenize('<root><!-- never closed')).toThrow(XmlSyntaxError);
  });

  it('delivers trailing text at the end', () => {
    expect(tokenize('<a/>tail')).toEqual(['<a/>', 'text:tail']);
  });
});
