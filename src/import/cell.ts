/** What the workbook reader yields per cell (src/import/xlsx). Dates arrive as Date (UTC fields hold the wall-clock value). */
export type CellValue = string | number | boolean | Date | null;
