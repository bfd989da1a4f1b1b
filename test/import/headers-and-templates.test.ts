import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { normalizeHeader } from '../../src/import/normalize-header.js';
import { assertUsable, columnLetter, inferTemplate, matchHeaders } from '../../src/import/match-headers.js';
import { loadTemplates, parseTemplate, resolveTemplate, type Template } from '../../src/import/templates.js';
import { compileRowMapper, isEmptyRow } from '../../src/import/map-row.js';
import { tempDir } from '../helpers/cli.js';
import { thrown } from '../helpers/errors.js';

const templates = loadTemplates();
const byName = (n: string): Template => resolveTemplate(templates, n);

describe('header normalisation', () => {
  it('folds Turkish dotted and dotless i, accents, case and punctuation', () => {
    expect(normalizeHeader('  Ürün İsmi ')).toBe('urun ismi');
    expect(normalizeHeader('ÜRÜN İSMİ')).toBe('urun ismi');
    expect(normalizeHeader('urun ismi')).toBe('urun ismi');
    expect(normalizeHeader('STOK KODU')).toBe(normalizeHeader('Stok Kodu'));
    expect(normalizeHeader('SATIŞ FİYATI')).toBe(normalizeHeader('Satış Fiyatı'));
    expect(normalizeHeader('Sipariş No.')).toBe('siparis no');
    expect(normalizeHeader('Giriş/Çıkış')).toBe('giris cikis');
    expect(normalizeHeader('Штрих-код')).toBe('штрих код');
    expect(normalizeHeader('ШТРИХКОД')).toBe('штрихкод');
    expect(normalizeHeader('Ağırlık (kg)')).toBe('agirlik kg');
    expect(normalizeHeader('Stok\u00a0Kodu')).toBe('stok kodu');
  });
});

describe('built-in templates', () => {
  it('are the four kinds, each loadable and self-consistent', () => {
    expect(templates.map((t) => t.name).sort()).toEqual(['orders', 'products', 'stock', 'stock-adjust']);
    for (const t of templates) expect(t.columns.length).toBeGreaterThan(1);
  });

  it('the orders template carries the cargo columns with TR/EN/RU aliases', () => {
    const orders = byName('orders');
    const m = matchHeaders(orders, ['Sipariş No', 'Stok Kodu', 'Adet', 'Kargo Firması', 'Kargo Anahtarı', 'Takip No']);
    expect(m.matched.map((c) => c.column.key)).toEqual(['order_no', 'sku', 'quantity', 'carrier', 'carrier_key', 'tracking_number']);
    const ru = matchHeaders(orders, ['Номер заказа', 'Артикул', 'Количество', 'Перевозчик', 'Трек-номер']);
    expect(ru.missing).toEqual([]);
    expect(ru.matched.map((c) => c.column.key)).toContain('tracking_number');
    expect(matchHeaders(orders, ['Order No', 'SKU', 'Qty', 'Carrier', 'Cargo Key', 'Tracking Number']).matched).toHaveLength(6);
  });
});

describe('header matching', () => {
  it('matches Turkish, English and Russian headers case- and accent-insensitively', () => {
    const m = matchHeaders(byName('products'), ['STOK KODU', 'ürün adı', 'BARKOD', 'Satış Fiyatı', 'Артикул поставщика', '', 'KDV ORANI']);
    expect(m.matched.map((c) => [c.column.key, c.index])).toEqual([['sku', 0], ['name', 1], ['barcode', 2], ['price', 3], ['vat_rate', 6]]);
    expect(m.unmatched).toEqual([{ index: 4, header: 'Артикул поставщика' }]);
    expect(m.missing).toEqual([]);
    expect(m.headers).toEqual(['STOK KODU', 'ürün adı', 'BARKOD', 'Satış Fiyatı', 'Артикул поставщика', 'KDV ORANI']);
  });

  it('lists missing required columns with the headers it found', () => {
    const m = matchHeaders(byName('stock'), ['Stok Kodu', 'Depo']);
    const e = thrown(() => assertUsable(m, 'stock.xlsx'));
    expect(e.exitCode).toBe(2);
    expect(e.message).toContain('missing required column for stock: quantity');
    expect(e.message).toContain('headers found: Stok Kodu, Depo');
  });

  it('refuses two columns meaning the same thing', () => {
    const m = matchHeaders(byName('products'), ['SKU', 'Name', 'Stok Kodu']);
    expect(thrown(() => assertUsable(m, 'x.xlsx')).message).toMatch(/A "SKU" and C "Stok Kodu" both mean sku/);
  });

  it('infers the type from the headers', () => {
    expect(inferTemplate(templates, ['Stok Kodu', 'Ürün Adı', 'Fiyat', 'Stok'], 'f').template.name).toBe('products');
    expect(inferTemplate(templates, ['Stok Kodu', 'Miktar', 'Depo'], 'f').template.name).toBe('stock');
    expect(inferTemplate(templates, ['SKU', 'Delta'], 'f').template.name).toBe('stock-adjust');
    expect(inferTemplate(templates, ['Sipariş No', 'Tarih', 'Stok Kodu', 'Adet', 'Birim Fiyat'], 'f').template.name).toBe('orders');
    expect(inferTemplate(templates, ['Артикул', 'Наименование', 'Цена'], 'f').template.name).toBe('products');
  });

  it('refuses ambiguous headers instead of guessing', () => {
    const e = thrown(() => inferTemplate(templates, ['SKU', 'Stok'], 'f.xlsx'));
    expect(e.exitCode).toBe(2);
    expect(e.message).toMatch(/fit more than one template equally: products, stock|fit more than one template equally: stock, products/);
    expect(e.hint).toMatch(/--type/);
  });

  it('says so when no template fits', () => {
    const e = thrown(() => inferTemplate(templates, ['Foo', 'Bar'], 'f.xlsx'));
    expect(e.message).toContain('cannot tell the import type from the headers (Foo, Bar)');
  });

  it('names spreadsheet columns', () => {
    expect([0, 25, 26, 27, 701, 702].map(columnLetter)).toEqual(['A', 'Z', 'AA', 'AB', 'ZZ', 'AAA']);
  });
});

describe('user templates', () => {
  const { dir, cleanup } = tempDir();
  afterAll(cleanup);

  it('load from templatesDir, replace a built-in of the same name, and are validated', () => {
    const userDir = join(dir, 'mine');
    mkdirSync(userDir);
    writeFileSync(
      join(userDir, 'depo.json'),
      JSON.stringify({
        name: 'depo-sayim',
        type: 'stock',
        columns: [
          { key: 'sku', type: 'text', required: true, aliases: ['Malzeme'] },
          { key: 'quantity', type: 'integer', required: true, aliases: ['Sayılan'] },
        ],
      }),
    );
    const all = loadTemplates(userDir);
    expect(all.map((t) => t.name)).toContain('depo-sayim');
    const t = resolveTemplate(all, 'depo-sayim');
    expect(t.source).toBe(join(userDir, 'depo.json'));
    expect(inferTemplate([t], ['MALZEME', 'SAYILAN'], 'f').template.name).toBe('depo-sayim');
  });

  it.each([
    [{ name: 'x', type: 'stock', columns: [{ key: 'sku', type: 'text', required: true, aliases: ['A'] }] }, /needs the required column "quantity"/],
    [{ name: 'x', type: 'stock', columns: [{ key: 'sku', type: 'integer', required: true, aliases: ['A'] }] }, /must have type text/],
    [{ name: 'x', type: 'stock', columns: [{ key: 'colour', type: 'text', aliases: ['A'] }] }, /not a stock field/],
    [{ name: 'x', type: 'products', columns: [{ key: 'sku', type: 'text', required: true, aliases: ['A'] }, { key: 'name', type: 'text', aliases: ['a'] }] }, /alias of both/],
    [{ name: 'x', type: 'nope', columns: [] }, /type/],
  ])('refuses a broken template %#', (raw, why) => {
    expect(thrown(() => parseTemplate(raw, 'mine.json')).message).toMatch(why);
  });

  it('resolves a template by path and says when the name is unknown', () => {
    const p = join(dir, 'colour.json');
    writeFileSync(p, JSON.stringify({ name: 'colour', type: 'products', columns: [{ key: 'sku', type: 'text', required: true, aliases: ['Kod'] }, { key: 'colour', type: 'text', aliases: ['Renk'] }] }));
    expect(resolveTemplate(templates, p).columns.map((c) => c.key)).toEqual(['sku', 'colour']);
    expect(thrown(() => resolveTemplate(templates, 'nope')).message).toMatch(/unknown template "nope"; known: /);
    expect(thrown(() => resolveTemplate(templates, join(dir, 'missing.json'))).exitCode).toBe(2);
  });
});

describe('row mapping', () => {
  const match = matchHeaders(byName('products'), ['Stok Kodu', 'Ürün Adı', 'Barkod', 'Fiyat', 'Stok', 'Aktif']);
  const map = compileRowMapper(match, { date1904: false });

  it('types every cell and leaves empty cells out', () => {
    expect(map(['TSH-1', 'Tişört', 8690000000011, '1.249,90', '12', 'Evet'])).toEqual({
      ok: true,
      values: { sku: 'TSH-1', name: 'Tişört', barcode: '8690000000011', price: 1249.9, stock: 12, active: true },
    });
    expect(map(['TSH-2', null, '', '  '])).toEqual({ ok: true, values: { sku: 'TSH-2' } });
    expect(map([1001, 'Numeric SKU'])).toEqual({ ok: true, values: { sku: '1001', name: 'Numeric SKU' } });
  });

  it('reports every problem of a row with its column and raw value', () => {
    expect(map([null, 'x', 'y', 'abc', '1,5', 'maybe'])).toEqual({
      ok: false,
      values: { name: 'x', barcode: 'y' },
      problems: [
        { column: 'Stok Kodu', raw: null, reason: 'is required, but the cell is empty' },
        { column: 'Fiyat', raw: 'abc', reason: '"abc" is not a number' },
        { column: 'Stok', raw: '1,5', reason: '"1,5" is not a whole number' },
        { column: 'Aktif', raw: 'maybe', reason: '"maybe" is not yes/no (use 1/0, yes/no, evet/hayır, да/нет)' },
      ],
    });
  });

  it('reads date columns in the workbook date system', () => {
    const orders = matchHeaders(byName('orders'), ['Sipariş No', 'Tarih', 'SKU', 'Adet']);
    expect(compileRowMapper(orders, { date1904: true })(['S1', 43894, 'A', 1])).toEqual({ ok: true, values: { order_no: 'S1', order_date: '2024-03-05', sku: 'A', quantity: 1 } });
    expect(compileRowMapper(orders, { date1904: false })(['S1', 45356, 'A', 1])).toEqual({ ok: true, values: { order_no: 'S1', order_date: '2024-03-05', sku: 'A', quantity: 1 } });
  });

  it('knows an empty row', () => {
    expect(isEmptyRow([null, '', '  '])).toBe(true);
    expect(isEmptyRow([])).toBe(true);
    expect(isEmptyRow([null, 0])).toBe(false);
    expect(isEmptyRow([false])).toBe(false);
  });
});
