import { open, type FileHandle } from 'node:fs/promises';

// OLE compound files (MS-CFB) share one signature: an .xls workbook (a "Workbook" or "Book" stream), a
// password-protected .xlsx (Office wraps the encrypted zip in "EncryptionInfo" + "EncryptedPackage"), old .doc
// and .ppt. Reading the directory's stream names tells them apart. Bounded throughout: a damaged or hostile
// file can make us give up, never loop.

export type OleKind = 'encrypted-ooxml' | 'xls' | 'doc' | 'ppt' | 'msg' | 'other';

const FREESECT = 0xffffffff;
const ENDOFCHAIN = 0xfffffffe;
const MAX_SECTORS_FOLLOWED = 65_536;

export async function classifyOleFile(path: string): Promise<OleKind> {
  let names: string[];
  try {
    names = await readDirectoryNames(path);
  } catch {
    names = await scanForNames(path);
  }
  return classify(names);
}

export function classify(names: string[]): OleKind {
  const has = (n: string) => names.some((x) => x.toLowerCase() === n.toLowerCase());
  if (has('EncryptionInfo') || has('EncryptedPackage')) return 'encrypted-ooxml';
  if (has('Workbook') || has('Book')) return 'xls';
  if (has('WordDocument')) return 'doc';
  if (has('PowerPoint Document')) return 'ppt';
  if (has('__properties_version1.0')) return 'msg';
  return 'other';
}

async function readDirectoryNames(path: string): Promise<string[]> {
  const fh = await open(path, 'r');
  try {
    const { size } = await fh.stat();
    const header = await readAt(fh, 0, 512);
    const sectorShift = header.readUInt16LE(0x1e);
    if (sectorShift !== 9 && sectorShift !== 12) throw new Error('bad sector size');
    const sectorSize = 1 << sectorShift;
    const sectorOffset = (n: number) => (n + 1) * sectorSize;
    const fatSectorCount = header.readUInt32LE(0x2c);
    const firstDirSector = header.readUInt32LE(0x30);
    let difatSector = header.readUInt32LE(0x44);
    if (fatSectorCount > MAX_SECTORS_FOLLOWED) throw new Error('too many FAT sectors');

    const fatSectors: number[] = [];
    for (let i = 0; i < 109 && fatSectors.length < fatSectorCount; i++) fatSectors.push(header.readUInt32LE(0x4c + i * 4));
    for (let hops = 0; fatSectors.length < fatSectorCount && difatSector !== ENDOFCHAIN && difatSector !== FREESECT; hops++) {
      if (hops > MAX_SECTORS_FOLLOWED || sectorOffset(difatSector) >= size) throw new Error('bad DIFAT chain');
      const difat = await readAt(fh, sectorOffset(difatSector), sectorSize);
      const perSector = sectorSize / 4 - 1;
      for (let i = 0; i < perSector && fatSectors.length < fatSectorCount; i++) fatSectors.push(difat.readUInt32LE(i * 4));
      difatSector = difat.readUInt32LE(perSector * 4);
    }

    const fat: number[] = [];
    for (const s of fatSectors) {
      if (sectorOffset(s) >= size) throw new Error('FAT sector beyond the end');
      const sector = await readAt(fh, sectorOffset(s), sectorSize);
      for (let i = 0; i < sectorSize; i += 4) fat.push(sector.readUInt32LE(i));
    }

    const names: string[] = [];
    let dir = firstDirSector;
    for (let hops = 0; dir !== ENDOFCHAIN && dir !== FREESECT; hops++) {
      if (hops > MAX_SECTORS_FOLLOWED || dir >= fat.length || sectorOffset(dir) >= size) throw new Error('bad directory chain');
      const sector = await readAt(fh, sectorOffset(dir), sectorSize);
      for (let e = 0; e + 128 <= sectorSize; e += 128) {
        const nameBytes = sector.readUInt16LE(e + 64);
        const type = sector[e + 66];
        if (type === 0 || nameBytes < 2 || nameBytes > 64) continue;
        names.push(sector.toString('utf16le', e, e + nameBytes - 2));
      }
      dir = fat[dir];
    }
    return names;
  } finally {
    await fh.close();
  }
}

async function readAt(fh: FileHandle, position: number, length: number): Promise<Buffer> {
  const buf = Buffer.alloc(length);
  const { bytesRead } = await fh.read(buf, 0, length, position);
  if (bytesRead < length) throw new Error('short read');
  return buf;
}

/** Fallback for a damaged directory: look for the telling stream names as UTF-16 in the first few MB. */
async function scanForNames(path: string): Promise<string[]> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(4 * 1024 * 1024);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    const hay = buf.subarray(0, bytesRead);
    return ['EncryptionInfo', 'EncryptedPackage', 'Workbook', 'Book', 'WordDocument', 'PowerPoint Document'].filter(
      (n) => hay.indexOf(Buffer.from(n + '\0', 'utf16le')) >= 0,
    );
  } finally {
    await fh.close();
  }
}
