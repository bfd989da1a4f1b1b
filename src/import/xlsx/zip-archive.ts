import { createInflateRaw, type ZlibOptions } from 'node:zlib';
import { close as closeFd, fstat, open as openFd, read as readFd } from 'node:fs';
import { pipeline, Readable } from 'node:stream';
import yauzl, { type Entry, type ZipFile, type ZipFileOptions } from 'yauzl';
import { IntegrError } from '../../errors.js';
import { fileError, notXlsx } from './file-errors.js';
import { type WorkbookLimits } from './types.js';

// The zip container: the central directory is read up front (random access, so the order in which a producer
// wrote its parts does not matter), declared sizes are checked against the limits before anything is inflated,
// and each part is then streamed through raw inflate, counting real output against what was declared.

export const DEFAULT_LIMITS: Required<WorkbookLimits> = {
  maxUncompressedBytes: 2 * 1024 ** 3,
  maxRatio: 200,
  ratioMinBytes: 16 * 1024 ** 2,
};

/** More entries than any workbook has; a directory of millions is a bomb of another kind. */
const MAX_ENTRIES = 100_000;
const INFLATE_CHUNK = 128 * 1024;
const INFLATE_AHEAD = 1024 * 1024;
/** yauzl's own file reader reads 16 KiB per call (through a queue of one); 64 KiB positional reads need a quarter of the calls. */
const READ_CHUNK = 64 * 1024;

type ReadCallback = (err: Error | null) => void;
const RandomAccessReaderBase = yauzl.RandomAccessReader as unknown as new () => object;

/** The file behind a yauzl ZipFile: positional reads on one descriptor, in larger chunks. */
class FileRangeReader extends RandomAccessReaderBase {
  private readonly fd: number;

  constructor(fd: number) {
    super();
    this.fd = fd;
  }

  _readStreamForRange(start: number, end: number): Readable {
    // not fs.createReadStream: destroying it would close the descriptor every other stream shares
    const fd = this.fd;
    let position = start;
    return new Readable({
      highWaterMark: READ_CHUNK,
      read() {
        const length = Math.min(READ_CHUNK, end - position);
        if (length <= 0) {
          this.push(null);
          return;
        }
        const buffer = Buffer.allocUnsafe(length);
        readFd(fd, buffer, 0, length, position, (err, bytesRead) => {
          if (err) return this.destroy(err);
          if (bytesRead === 0) return this.destroy(new Error('unexpected end of file'));
          position += bytesRead;
          this.push(bytesRead < length ? buffer.subarray(0, bytesRead) : buffer);
        });
      },
    });
  }

  read(buffer: Buffer, offset: number, length: number, position: number, callback: ReadCallback): void {
    readFd(this.fd, buffer, offset, length, position, (err, bytesRead) => {
      callback(err ?? (bytesRead < length ? new Error('unexpected end of file') : null));
    });
  }

  close(callback: ReadCallback): void {
    closeFd(this.fd, callback);
  }
}

function openZip(file: string, options: yauzl.Options): Promise<ZipFile> {
  return new Promise((resolve, reject) => {
    openFd(file, 'r', (openErr, fd) => {
      if (openErr) return reject(openErr);
      fstat(fd, (statErr, stats) => {
        if (statErr) return closeFd(fd, () => reject(statErr));
        const reader = new FileRangeReader(fd) as unknown as yauzl.RandomAccessReader;
        yauzl.fromRandomAccessReader(reader, stats.size, options, (err, zip) => {
          if (err || !zip) return closeFd(fd, () => reject(err ?? new Error('cannot read the zip')));
          resolve(zip);
        });
      });
    });
  });
}

export interface EntryProgress {
  bytesRead: number;
  bytesTotal: number;
}

const formatBytes = (n: number): string =>
  n >= 1024 ** 3 ? `${(n / 1024 ** 3).toFixed(1)} GiB` : n >= 1024 ** 2 ? `${(n / 1024 ** 2).toFixed(1)} MiB` : `${n} bytes`;

export class ZipArchive {
  readonly file: string;
  private readonly zip: ZipFile;
  readonly entries: Map<string, Entry>;
  private readonly lowerCase: Map<string, Entry>;
  private closed = false;

  private constructor(file: string, zip: ZipFile, entries: Entry[]) {
    this.file = file;
    this.zip = zip;
    this.entries = new Map(entries.map((e) => [e.fileName, e]));
    this.lowerCase = new Map(entries.map((e) => [e.fileName.toLowerCase(), e]));
  }

  static async open(file: string, limits: Required<WorkbookLimits>): Promise<ZipArchive> {
    let zip: ZipFile;
    try {
      zip = await openZip(file, { lazyEntries: true, autoClose: false, decodeStrings: true, validateEntrySizes: true });
    } catch (err) {
      throw damaged(file, err as Error);
    }
    try {
      if (zip.entryCount > MAX_ENTRIES) throw fileError(file, `the zip holds ${zip.entryCount} entries (limit ${MAX_ENTRIES}); refusing it as a likely zip bomb`);
      const entries = await readEntries(file, zip);
      const archive = new ZipArchive(file, zip, entries);
      archive.checkDeclaredSizes(limits);
      return archive;
    } catch (err) {
      zip.close();
      throw err;
    }
  }

  /** An entry by exact name, else ignoring case (some producers disagree with their own relationships). */
  find(name: string): Entry | undefined {
    return this.entries.get(name) ?? this.lowerCase.get(name.toLowerCase());
  }

  private checkDeclaredSizes(limits: Required<WorkbookLimits>): void {
    let total = 0;
    for (const entry of this.entries.values()) {
      total += entry.uncompressedSize;
      if (total > limits.maxUncompressedBytes) {
        throw fileError(this.file, `expands to more than ${formatBytes(limits.maxUncompressedBytes)} (the limit); refusing it as a likely zip bomb`);
      }
      if (entry.uncompressedSize > limits.ratioMinBytes && entry.uncompressedSize > Math.max(entry.compressedSize, 1) * limits.maxRatio) {
        const ratio = Math.round(entry.uncompressedSize / Math.max(entry.compressedSize, 1));
        throw fileError(this.file, `part ${entry.fileName} expands ${ratio}:1 to ${formatBytes(entry.uncompressedSize)} (limit ${limits.maxRatio}:1); refusing it as a likely zip bomb`);
      }
    }
  }

  /**
   * The inflated bytes of an entry, chunk by chunk. progress.bytesRead counts compressed bytes as they are read.
   * Output beyond the declared size is refused (a lying header is how bombs get past the up-front check).
   */
  async *chunks(entry: Entry, progress?: EntryProgress, signal?: AbortSignal): AsyncGenerator<Buffer> {
    if (entry.isEncrypted()) throw notXlsx(this.file, `part ${entry.fileName} is encrypted inside the zip; remove the password and save again`);
    if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) {
      throw notXlsx(this.file, `part ${entry.fileName} uses zip compression method ${entry.compressionMethod}, which Excel never writes; re-save the file in Excel`);
    }
    const raw = await this.openRaw(entry);
    if (progress) {
      progress.bytesRead = 0;
      progress.bytesTotal = entry.compressedSize;
      raw.on('data', (chunk: Buffer) => (progress.bytesRead += chunk.length));
    }
    let source: Readable = raw;
    if (entry.compressionMethod === 8) {
      // Inflated output may run 1 MiB ahead, so zlib (on the thread pool) works while the main thread parses; the
      // compressed input queue stays one read deep, so read buffers die young instead of piling up in the old
      // generation. (zlib streams take stream options; the typings omit them.)
      const inflate = createInflateRaw({ chunkSize: INFLATE_CHUNK, readableHighWaterMark: INFLATE_AHEAD, writableHighWaterMark: READ_CHUNK } as ZlibOptions);
      pipeline(raw, inflate, () => {});
      source = inflate;
    }
    const declared = entry.uncompressedSize;
    let produced = 0;
    // an abort must not wait for the next chunk: destroying the stream ends the pending read at once
    const onAbort = () => source.destroy(signal?.reason as Error);
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      for await (const chunk of source as AsyncIterable<Buffer>) {
        produced += chunk.length;
        if (produced > declared) {
          throw fileError(this.file, `part ${entry.fileName} expands beyond its declared ${formatBytes(declared)}; refusing it as damaged or a zip bomb`);
        }
        yield chunk;
      }
    } catch (err) {
      if (signal?.aborted) throw signal.reason;
      if (err instanceof IntegrError) throw err;
      throw notXlsx(this.file, `is damaged: part ${entry.fileName} cannot be decompressed (${(err as Error).message})`, undefined, err);
    } finally {
      signal?.removeEventListener('abort', onAbort);
      raw.destroy();
      source.destroy();
    }
    if (produced !== declared) throw notXlsx(this.file, `is damaged or truncated: part ${entry.fileName} holds ${produced} of its ${declared} bytes`);
  }

  private openRaw(entry: Entry): Promise<Readable> {
    return new Promise((resolve, reject) => {
      // yauzl 3's raw mode (its types predate the option): inflating here lets us count and limit the output.
      const raw = { decodeFileData: false } as unknown as ZipFileOptions;
      try {
        this.zip.openReadStream(entry, raw, (err, stream) => {
          if (err || !stream) reject(damaged(this.file, err));
          else resolve(stream);
        });
      } catch (err) {
        reject(damaged(this.file, err as Error));
      }
    });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.zip.close();
  }
}

function readEntries(file: string, zip: ZipFile): Promise<Entry[]> {
  return new Promise((resolve, reject) => {
    const entries: Entry[] = [];
    zip.on('entry', (entry: Entry) => {
      if (!entry.fileName.endsWith('/')) entries.push(entry);
      zip.readEntry();
    });
    zip.on('end', () => resolve(entries));
    zip.on('error', (err: Error) => reject(damaged(file, err)));
    zip.readEntry();
  });
}

function damaged(file: string, err: Error | null | undefined) {
  const message = err?.message ?? 'unknown error';
  return notXlsx(file, `is not a readable .xlsx: the zip is damaged or truncated (${message})`, 'copy or download the file again; if Excel opens it, save it again as .xlsx', err);
}
