// What a file is, from its first bytes, so a CSV or PDF renamed to .xlsx gets a useful message rather than
// "end of central directory record signature not found".

export type Sniffed = { kind: 'zip' } | { kind: 'cfb' } | { kind: 'other'; looksLike: string };

const startsWith = (head: Buffer, bytes: number[]): boolean => head.length >= bytes.length && bytes.every((b, i) => head[i] === b);

export function sniff(head: Buffer): Sniffed {
  // local file header, or the end record of an empty zip
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04]) || startsWith(head, [0x50, 0x4b, 0x05, 0x06]) || startsWith(head, [0x50, 0x4b, 0x07, 0x08])) {
    return { kind: 'zip' };
  }
  if (startsWith(head, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return { kind: 'cfb' };
  const binary: Array<[number[], string]> = [
    [[0x25, 0x50, 0x44, 0x46, 0x2d], 'a PDF document'],
    [[0x89, 0x50, 0x4e, 0x47], 'a PNG image'],
    [[0xff, 0xd8, 0xff], 'a JPEG image'],
    [[0x47, 0x49, 0x46, 0x38], 'a GIF image'],
    [[0x1f, 0x8b], 'a gzip archive'],
    [[0x52, 0x61, 0x72, 0x21], 'a RAR archive'],
    [[0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], 'a 7-Zip archive'],
  ];
  for (const [magic, what] of binary) if (startsWith(head, magic)) return { kind: 'other', looksLike: what };
  if (startsWith(head, [0xff, 0xfe]) || startsWith(head, [0xfe, 0xff])) {
    return { kind: 'other', looksLike: 'a UTF-16 text file (often a tab-separated "Unicode text" export)' };
  }
  const text = asText(head);
  if (text === undefined) {
    const hex = [...head.subarray(0, 8)].map((b) => b.toString(16).padStart(2, '0')).join(' ');
    return { kind: 'other', looksLike: `an unrecognised binary file (it starts with bytes ${hex})` };
  }
  return { kind: 'other', looksLike: describeText(text) };
}

/** The head as text when it plausibly is text (UTF-8, no NULs, few control characters). */
function asText(head: Buffer): string | undefined {
  let control = 0;
  for (const b of head) {
    if (b === 0) return undefined;
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) control++;
  }
  if (control > head.length / 50) return undefined;
  return head.toString('utf8').replace(/^\uFEFF/, '');
}

function describeText(text: string): string {
  const start = text.trimStart();
  const lower = start.slice(0, 2048).toLowerCase();
  if (lower.startsWith('<')) {
    if (lower.includes('urn:schemas-microsoft-com:office:spreadsheet')) return 'an Excel 2003 XML spreadsheet';
    if (lower.includes('<html') || lower.startsWith('<!doctype html') || lower.includes('<table')) {
      return 'an HTML page (some systems export "Excel" files that are really HTML)';
    }
    return 'an XML file';
  }
  if (start.startsWith('{') || start.startsWith('[')) return 'a JSON file';
  const lines = text.split(/\r?\n/).slice(0, 20);
  if (lines.length > 1 && !text.endsWith('\n')) lines.pop(); // the head may cut the last line short
  for (const [delimiter, label] of [[';', 'semicolons'], [',', 'commas'], ['\t', 'tabs'], ['|', 'pipes']] as const) {
    const counts = lines.filter((l) => l.length > 0).map((l) => l.split(delimiter).length - 1);
    if (counts.length > 0 && counts[0] > 0 && counts.every((n) => n === counts[0])) return `a CSV text file (values separated by ${label})`;
  }
  for (const [delimiter, label] of [[';', 'semicolons'], [',', 'commas'], ['\t', 'tabs']] as const) {
    if (text.includes(delimiter)) return `a CSV text file (values separated by ${label})`;
  }
  return 'a plain text file';
}
