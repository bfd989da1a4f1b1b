// A minimal OLE compound file (MS-CFB version 3) with empty streams of the given names: enough to stand in for
// a password-protected .xlsx (EncryptionInfo + EncryptedPackage) or an .xls (Workbook) in the reader's checks.

const FREESECT = 0xffffffff;
const ENDOFCHAIN = 0xfffffffe;
const FATSECT = 0xfffffffd;
const NOSTREAM = 0xffffffff;

export function buildOleFile(streamNames: string[], options: { damageHeader?: boolean } = {}): Buffer {
  if (streamNames.length > 3) throw new Error('this builder fits the root and 3 streams in one directory sector');
  const header = Buffer.alloc(512);
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(header, 0);
  header.writeUInt16LE(0x3e, 0x18);
  header.writeUInt16LE(3, 0x1a);
  header.writeUInt16LE(0xfffe, 0x1c);
  header.writeUInt16LE(options.damageHeader ? 17 : 9, 0x1e); // sector shift: 512-byte sectors
  header.writeUInt16LE(6, 0x20);
  header.writeUInt32LE(1, 0x2c); // one FAT sector
  header.writeUInt32LE(1, 0x30); // directory starts at sector 1
  header.writeUInt32LE(4096, 0x38);
  header.writeUInt32LE(ENDOFCHAIN, 0x3c);
  header.writeUInt32LE(ENDOFCHAIN, 0x44);
  for (let i = 0; i < 109; i++) header.writeUInt32LE(i === 0 ? 0 : FREESECT, 0x4c + i * 4);

  const fat = Buffer.alloc(512, 0xff);
  fat.writeUInt32LE(FATSECT, 0);
  fat.writeUInt32LE(ENDOFCHAIN, 4);

  const directory = Buffer.alloc(512);
  const names = ['Root Entry', ...streamNames];
  names.forEach((name, i) => {
    const at = i * 128;
    const encoded = Buffer.from(`${name}\0`, 'utf16le');
    encoded.copy(directory, at);
    directory.writeUInt16LE(encoded.length, at + 64);
    directory[at + 66] = i === 0 ? 5 : 2;
    directory[at + 67] = 1;
    directory.writeUInt32LE(NOSTREAM, at + 68);
    directory.writeUInt32LE(i > 0 && i < names.length - 1 ? i + 1 : NOSTREAM, at + 72);
    directory.writeUInt32LE(i === 0 && names.length > 1 ? 1 : NOSTREAM, at + 76);
    directory.writeUInt32LE(ENDOFCHAIN, at + 116);
  });
  return Buffer.concat([header, fat, directory]);
}
