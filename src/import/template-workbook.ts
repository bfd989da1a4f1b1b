import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Template } from './templates.js';

/**
 * A blank workbook for a template: the header row (each column's first alias), column widths,
 * text format on text columns (so SKUs and barcodes stay text as people type them), and a
 * second sheet explaining every column.
 */
export async function writeTemplateWorkbook(template: Template, path: string): Promise<void> {
  const { default: ExcelJS } = await import('exceljs');
  mkdirSync(dirname(path), { recursive: true });
  const wb = new ExcelJS.Workbook();
  wb.creator = 'integr';
  const ws = wb.addWorksheet(template.name.slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = template.columns.map((c) => ({
    header: c.aliases[0],
    key: c.key,
    width: c.width ?? Math.max(12, c.aliases[0].length + 2),
    style: c.type === 'text' ? { numFmt: '@' } : c.type === 'date' ? { numFmt: 'dd.mm.yyyy' } : {},
  }));
  const head = ws.getRow(1);
  head.font = { bold: true };
  template.columns.forEach((c, i) => {
    if (c.required) head.getCell(i + 1).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF2CC' } };
  });

  const help = wb.addWorksheet('Columns');
  help.columns = [
    { header: 'Column', key: 'header', width: 22 },
    { header: 'Key', key: 'key', width: 16 },
    { header: 'Type', key: 'type', width: 10 },
    { header: 'Required', key: 'required', width: 10 },
    { header: 'Description', key: 'description', width: 70 },
    { header: 'Example', key: 'example', width: 22 },
    { header: 'Also accepted headers', key: 'aliases', width: 70 },
  ];
  help.getRow(1).font = { bold: true };
  for (const c of template.columns) {
    help.addRow({
      header: c.aliases[0],
      key: c.key,
      type: c.type,
      required: c.required ? 'yes' : 'no',
      description: c.description,
      example: c.example ?? '',
      aliases: c.aliases.slice(1).join(', '),
    });
  }
  help.addRow({});
  help.addRow({ header: `${template.name}: ${template.description}` });
  help.addRow({ header: 'Headers are matched ignoring case, accents and punctuation (İ/ı/I/i alike); the type is inferred from them when --type is left out.' });
  await wb.xlsx.writeFile(path);
}
