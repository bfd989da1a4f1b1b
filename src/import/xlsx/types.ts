// The reader's public shapes. The import pipeline (templates, row mapping, jobs) codes against these.

export type CellValue = string | number | boolean | Date | null;

export type CellKind = 'string' | 'number' | 'boolean' | 'date' | 'error' | 'empty';

export interface CellInfo {
  value: CellValue;
  /** Raw kind from the XML; 'date' is a number cell whose number format is a date format (or a `t="d"` cell). */
  kind: CellKind;
  /** Number format code of number and date cells (`General`, `0.00`, `dd.mm.yyyy`, `000000`...). */
  numFmt?: string;
  /** Number format id of number and date cells (built-in ids 0-163, custom ones from styles.xml). */
  numFmtId?: number;
  /**
   * The cell's text exactly as stored in the XML `<v>` for number, date, boolean and error cells
   * (`8690000000011`, `1.2345678901234567E+19`, `45292.5`). Use it (or `identifierText`) for SKU and
   * barcode columns so a number never turns into `8.69E+12` or `...11.0`.
   */
  raw?: string;
}

export interface SheetInfo {
  name: string;
  /** 1-based position in the workbook's tab order (chart sheets count, as in Excel). */
  index: number;
  /** Zip entry of the sheet part, e.g. `xl/worksheets/sheet1.xml`. */
  path: string;
  /** `<dimension ref>` as written by the producer (`A1:H200001`); absent when the producer wrote none. */
  dimension?: string;
  /** Last row minus first row + 1 from the dimension; styled empty rows at the end may inflate it. */
  estimatedRows?: number;
  /** 'worksheet' holds rows; chart and dialog sheets have none. */
  kind: 'worksheet' | 'chartsheet' | 'dialogsheet' | 'macrosheet';
  /** Excel's tab visibility. */
  state: 'visible' | 'hidden' | 'veryHidden';
  /** Compressed and declared uncompressed size of the sheet part, in bytes. */
  compressedBytes: number;
  uncompressedBytes: number;
}

export interface RowOptions {
  /** Skip rows whose rowNumber is below this (cells of skipped rows are not decoded). */
  fromRow?: number;
  /** Aborting stops the read; the iterator then throws the signal's reason. */
  signal?: AbortSignal;
  /**
   * rows() and rowBatches(): a whole number in a zero-padding format (`000000`) comes as the text Excel
   * displays ("000123" for 123), so codes kept as padded numbers keep their zeros. Numeric columns still
   * parse such text as the number. Off by default: the cell's value is the number.
   */
  paddedNumbersAsText?: boolean;
}

export interface Row {
  /** The sheet's 1-based row number. */
  rowNumber: number;
  /** cells[i] is column i+1 (A = 0); missing cells are null. No trailing nulls. */
  cells: CellValue[];
}

export interface DetailedRow {
  rowNumber: number;
  /** Same positions as Row.cells; null where the sheet has no cell or an empty one. */
  cells: (CellInfo | null)[];
}

export interface Progress {
  /** Compressed bytes of the sheet being read consumed so far. */
  bytesRead: number;
  /** Compressed size of that sheet. */
  bytesTotal: number;
}

export interface Workbook {
  /** The path as given to openWorkbook. */
  file: string;
  /** File size in bytes. */
  size: number;
  date1904: boolean;
  sheets: SheetInfo[];
  /**
   * Rows in order; fully empty rows skipped (a row is empty when every cell is missing, valueless or the empty
   * string); trailing phantom rows (styled but empty) are therefore never yielded. rowNumber is the sheet's 1-based
   * row number (honour `r`, or count when `r` is missing). cells[i] is column i+1 (A=0); missing cells are null.
   * Throws IntegrError 'FILE' when the sheet has no rows at all.
   */
  rows(sheet: SheetInfo, options?: RowOptions): AsyncIterable<Row>;
  /**
   * The same rows in batches (those parsed from one inflated chunk, a few hundred): one await per batch instead of
   * per row, for consumers that write in chunks anyway. Same options and errors as rows().
   */
  rowBatches(sheet: SheetInfo, options?: RowOptions): AsyncIterable<Row[]>;
  /** The same rows with each cell's kind, number format and raw XML text (for SKU/barcode columns and dates). */
  rowsDetailed(sheet: SheetInfo, options?: RowOptions): AsyncIterable<DetailedRow>;
  /** Progress: compressed bytes of the sheet consumed so far / total, for ETA. */
  progress(): Progress;
  close(): Promise<void>;
}

export interface WorkbookLimits {
  /** Refuse workbooks whose parts expand to more than this in total (default 2 GiB). */
  maxUncompressedBytes?: number;
  /** Refuse a part that expands more than this many times its compressed size (default 200)... */
  maxRatio?: number;
  /** ...when it expands to more than this many bytes (default 16 MiB; small parts may compress very well). */
  ratioMinBytes?: number;
}
