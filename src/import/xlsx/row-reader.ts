import { XmlSyntaxError, type XmlTokenizer } from './xml-tokenizer.js';
import { WorksheetTokenizer } from './worksheet-tokenizer.js';
import { SheetHandler, type SheetContext } from './sheet-parser.js';
import { fileError, notXlsx } from './file-errors.js';

// Pull-based async iteration over a sheet's rows: inflate a chunk, tokenize it synchronously into a batch of rows,
// hand them out one by one, repeat. Memory holds one inflated chunk and the rows it produced, whatever the
// sheet's size. A plain iterator object (not an async generator) because per-row overhead matters at
// millions of rows.

export interface RowReaderSource {
  chunks: AsyncGenerator<Buffer>;
  context: SheetContext;
  signal?: AbortSignal;
  onFinish: () => void;
}

export class RowReader<T> implements AsyncIterableIterator<T> {
  private readonly source: RowReaderSource;
  private readonly tokenizer: XmlTokenizer;
  private readonly handler: SheetHandler;
  private queue: T[] = [];
  private head = 0;
  /** No more chunks will be read (end of the part, an error, or the consumer stopped). */
  private finished = false;
  private closed = false;

  constructor(source: RowReaderSource, makeRow: (rowNumber: number, cells: unknown[]) => T) {
    this.source = source;
    this.handler = new SheetHandler(source.context, (rowNumber, cells) => {
      this.queue.push(makeRow(rowNumber, cells));
    });
    this.tokenizer = new WorksheetTokenizer(this.handler);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<T>> {
    if (this.head < this.queue.length) return Promise.resolve({ value: this.queue[this.head++], done: false });
    return this.fill().then((more) => (more ? { value: this.queue[this.head++], done: false } : { value: undefined, done: true }));
  }

  /** The rows parsed from the next inflated chunk (a few hundred), for consumers that work in batches. */
  nextBatch(): Promise<IteratorResult<T[]>> {
    if (this.head < this.queue.length) return Promise.resolve({ value: this.takeBatch(), done: false });
    return this.fill().then((more) => (more ? { value: this.takeBatch(), done: false } : { value: undefined, done: true }));
  }

  async return(): Promise<IteratorResult<T>> {
    await this.close();
    return { value: undefined, done: true };
  }

  private takeBatch(): T[] {
    const batch = this.head === 0 ? this.queue : this.queue.slice(this.head);
    this.queue = [];
    this.head = 0;
    return batch;
  }

  /** Parses chunks until some rows are queued (true) or the sheet ends (false). */
  private async fill(): Promise<boolean> {
    const { chunks, signal, context } = this.source;
    try {
      while (!this.finished) {
        this.queue = [];
        this.head = 0;
        if (signal?.aborted) throw signal.reason;
        const { value, done } = await chunks.next();
        if (done) {
          this.finished = true;
          this.tokenizer.end();
          if (!this.handler.sawSheetData || (this.handler.nonEmptyRows === 0 && !this.handler.skippedValue)) {
            throw fileError(context.file, `sheet "${context.sheetName}" has no rows`, 'pick another sheet with --sheet, or check that the data is on this one');
          }
        } else {
          this.tokenizer.write(value);
        }
        if (this.queue.length > 0) return true;
      }
    } catch (err) {
      await this.close();
      if (err instanceof XmlSyntaxError) throw notXlsx(context.file, `is damaged: sheet "${context.sheetName}" is not well-formed XML (${err.message})`, undefined, err);
      throw err;
    }
    await this.close();
    return false;
  }

  private async close(): Promise<void> {
    this.finished = true;
    this.queue = [];
    this.head = 0;
    if (this.closed) return;
    this.closed = true;
    try {
      await this.source.chunks.return(undefined);
    } finally {
      this.source.onFinish();
    }
  }
}
