import { posix } from 'node:path';
import { type XmlHandler } from './xml-tokenizer.js';
import { localName, readAttributes } from './xml-text.js';

// The package's small parts: relationships (_rels/.rels, xl/_rels/workbook.xml.rels) and xl/workbook.xml.
// Names are matched without namespace prefixes, so transitional and strict (ISO 29500) workbooks both read.

export interface Relationship {
  id: string;
  /** The relationship type's last segment: officeDocument, worksheet, sharedStrings, styles... */
  type: string;
  /** Zip entry name the target resolves to (no leading slash); undefined for external targets. */
  target?: string;
}

export class RelationshipsHandler implements XmlHandler {
  readonly relationships: Relationship[] = [];
  /** The part the relationships belong to ('' for the package): relative targets resolve against its folder. */
  private readonly base: string;

  constructor(sourcePart: string) {
    this.base = posix.dirname(sourcePart === '' ? 'x' : sourcePart);
  }

  open(buf: Buffer, ns: number, ne: number, as: number, ae: number): void {
    if (buf.toString('latin1', ns, ne) !== 'Relationship') return;
    const attrs = readAttributes(buf, as, ae);
    const type = (attrs.Type ?? '').split('/').pop() ?? '';
    const external = attrs.TargetMode === 'External';
    this.relationships.push({ id: attrs.Id ?? '', type, target: external || attrs.Target === undefined ? undefined : resolveTarget(this.base, attrs.Target) });
  }

  close(): void {}
  text(): void {}
}

/** A relationship target to a zip entry name: relative to the source's folder, or absolute from the root. */
export function resolveTarget(baseDir: string, target: string): string {
  const clean = target.replace(/\\/g, '/');
  const joined = clean.startsWith('/') ? clean : posix.join(baseDir === '.' ? '' : baseDir, clean);
  return posix.normalize(joined).replace(/^\/+/, '').replace(/^(\.\.\/)+/, '');
}

export interface WorkbookSheet {
  name: string;
  relId: string;
  state: 'visible' | 'hidden' | 'veryHidden';
}

export class WorkbookHandler implements XmlHandler {
  date1904 = false;
  readonly sheets: WorkbookSheet[] = [];
  sawWorkbook = false;

  open(buf: Buffer, ns: number, ne: number, as: number, ae: number): void {
    const name = buf.toString('latin1', ns, ne);
    if (name === 'workbook') this.sawWorkbook = true;
    else if (name === 'workbookPr') {
      const value = readAttributes(buf, as, ae).date1904;
      this.date1904 = value === '1' || value === 'true';
    } else if (name === 'sheet') {
      const attrs = readAttributes(buf, as, ae);
      let relId = '';
      // r:id, whatever the prefix of the relationships namespace is called
      for (const [key, value] of Object.entries(attrs)) if (key.includes(':') && localName(key) === 'id') relId = value;
      const state = attrs.state === 'hidden' || attrs.state === 'veryHidden' ? attrs.state : 'visible';
      this.sheets.push({ name: attrs.name ?? '', relId, state });
    }
  }

  close(): void {}
  text(): void {}
}
