// Streaming .xlsx reader: `openWorkbook` → `findSheet` → `for await (const row of wb.rows(sheet))`.
export { openWorkbook } from './open-workbook.js';
export { findSheet } from './find-sheet.js';
export { identifierText } from './identifier-text.js';
export { excelSerialToDate, dateToExcelSerial } from './excel-dates.js';
export { isDateFormatCode } from './number-formats.js';
export type { CellValue, CellKind, CellInfo, SheetInfo, Workbook, WorkbookLimits, Row, DetailedRow, RowOptions, Progress } from './types.js';
