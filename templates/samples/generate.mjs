#!/usr/bin/env node
// Rebuilds the sample workbooks in this folder: `node templates/samples/generate.mjs`.
// Realistic Turkish shop data, deterministic (no randomness), written with exceljs the way ERP
// exports look: numeric barcodes, Turkish headers, prices as numbers and as Turkish text.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';

const here = dirname(fileURLToPath(import.meta.url));
const FIXED = new Date(Date.UTC(2024, 2, 1, 9, 0, 0));

const catalog = [
  ['TSH-001-S', 'Pamuklu Basic Tişört Beyaz S', 'Anadolu Tekstil', 'Giyim > Tişört', 249.9, 299.9, 120],
  ['TSH-001-M', 'Pamuklu Basic Tişört Beyaz M', 'Anadolu Tekstil', 'Giyim > Tişört', 249.9, 299.9, 184],
  ['TSH-001-L', 'Pamuklu Basic Tişört Beyaz L', 'Anadolu Tekstil', 'Giyim > Tişört', 249.9, 299.9, 96],
  ['TSH-002-M', 'Oversize Tişört Siyah M', 'Anadolu Tekstil', 'Giyim > Tişört', 329.9, 399.9, 58],
  ['SWT-010-M', 'Kapüşonlu Sweatshirt Lacivert M', 'Boğaziçi Spor', 'Giyim > Sweatshirt', 749.5, 899.9, 41],
  ['SWT-010-L', 'Kapüşonlu Sweatshirt Lacivert L', 'Boğaziçi Spor', 'Giyim > Sweatshirt', 749.5, 899.9, 37],
  ['JEAN-501-32', 'Slim Fit Kot Pantolon Açık Mavi 32', 'Ege Denim', 'Giyim > Pantolon', 1199, 1499, 22],
  ['JEAN-501-34', 'Slim Fit Kot Pantolon Açık Mavi 34', 'Ege Denim', 'Giyim > Pantolon', 1199, 1499, 19],
  ['AYK-220-41', 'Deri Sneaker Beyaz 41', 'Kapadokya Ayakkabı', 'Ayakkabı > Spor', 1849.9, 2199.9, 14],
  ['AYK-220-42', 'Deri Sneaker Beyaz 42', 'Kapadokya Ayakkabı', 'Ayakkabı > Spor', 1849.9, 2199.9, 17],
  ['AYK-220-43', 'Deri Sneaker Beyaz 43', 'Kapadokya Ayakkabı', 'Ayakkabı > Spor', 1849.9, 2199.9, 9],
  ['CNT-033', 'Hakiki Deri Omuz Çantası Taba', 'İstanbul Deri', 'Aksesuar > Çanta', 1390, 1690, 11],
  ['KMR-105', 'Örgü Deri Kemer Kahverengi', 'İstanbul Deri', 'Aksesuar > Kemer', 459.9, 549.9, 35],
  ['ŞPK-007', 'Yün Bere Bordo', 'Karadeniz Örgü', 'Aksesuar > Şapka', 189.9, 229.9, 64],
  ['ATK-019', 'İpek Eşarp Desenli', 'Bursa İpek', 'Aksesuar > Eşarp', 649, 790, 27],
  ['HVL-300', 'Pamuk Banyo Havlusu 70x140 Gri', 'Denizli Ev', 'Ev > Banyo', 279.9, 349.9, 88],
  ['HVL-301', 'Pamuk El Havlusu 50x90 Gri', 'Denizli Ev', 'Ev > Banyo', 149.9, 189.9, 140],
  ['NVR-410', 'Saten Nevresim Takımı Çift Kişilik', 'Denizli Ev', 'Ev > Yatak Odası', 1290, 1590, 16],
  ['KHV-900', 'Türk Kahvesi 250 g', 'Kurukahveci Ege', 'Gıda > Kahve', 189.5, 210, 230],
  ['LKM-120', 'Antep Fıstıklı Lokum 500 g', 'Hacı Şakir Efendi', 'Gıda > Şekerleme', 349.9, 399.9, 75],
];

const barcode = (i) => 8690000000000 + (i + 1) * 11;

async function save(wb, name) {
  wb.creator = 'integr samples';
  wb.created = FIXED;
  wb.modified = FIXED;
  await wb.xlsx.writeFile(join(here, name));
  console.log(`wrote ${name}`);
}

function productsSheet(ws) {
  ws.columns = [
    { header: 'Stok Kodu', key: 'sku', width: 16 },
    { header: 'Ürün Adı', key: 'name', width: 38 },
    { header: 'Barkod', key: 'barcode', width: 16 },
    { header: 'Marka', key: 'brand', width: 20 },
    { header: 'Kategori', key: 'category', width: 22 },
    { header: 'Satış Fiyatı', key: 'price', width: 12 },
    { header: 'Liste Fiyatı', key: 'listPrice', width: 12 },
    { header: 'KDV Oranı', key: 'vat', width: 10 },
    { header: 'Stok', key: 'stock', width: 8 },
    { header: 'Aktif', key: 'active', width: 8 },
  ];
  ws.getRow(1).font = { bold: true };
  ws.views = [{ state: 'frozen', ySplit: 1 }];
}

async function products() {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Ürünler');
  productsSheet(ws);
  catalog.forEach(([sku, name, brand, category, price, listPrice, stock], i) => {
    ws.addRow({
      sku,
      name,
      // ERP exports write barcodes as numbers; every fifth one was typed as text.
      barcode: i % 5 === 4 ? String(barcode(i)) : barcode(i),
      brand,
      category,
      // Prices as numbers, and some as Turkish-formatted text the way hand-made sheets have them.
      price: i % 4 === 3 ? price.toLocaleString('tr-TR', { minimumFractionDigits: 2 }) + ' TL' : price,
      listPrice,
      vat: category.startsWith('Gıda') ? 1 : 20,
      stock,
      active: i === 13 ? 'Hayır' : 'Evet',
    });
  });
  await save(wb, 'products.xlsx');
}

async function productsWithErrors() {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Ürünler');
  productsSheet(ws);
  const rows = [
    { sku: 'MUT-100', name: 'Porselen Kupa 350 ml', barcode: 8691234500017, brand: 'Kütahya Porselen', category: 'Ev > Mutfak', price: 119.9, stock: 60, active: 'Evet' },
    { sku: 'MUT-101', name: 'Porselen Tabak 27 cm', barcode: 8691234500024, brand: 'Kütahya Porselen', category: 'Ev > Mutfak', price: 'fiyat sorunuz', stock: 40, active: 'Evet' },
    { sku: 'MUT-102', name: 'Cam Çay Bardağı 6\'lı', barcode: 8691234500031, brand: 'Paşabahçe', category: 'Ev > Mutfak', price: '89,90', stock: -5, active: 'Evet' },
    { sku: '', name: 'Stok kodu unutulmuş ürün', barcode: 8691234500048, brand: 'Paşabahçe', category: 'Ev > Mutfak', price: 59.9, stock: 10, active: 'Evet' },
    { sku: 'MUT-103', name: 'Bakır Cezve', barcode: 8691234500055, brand: 'Safranbolu Bakır', category: 'Ev > Mutfak', price: '1.249,00 ₺', stock: 12.5, active: 'Evet' },
    { sku: 'MUT-100', name: 'Porselen Kupa 350 ml (tekrar)', barcode: 8691234500017, brand: 'Kütahya Porselen', category: 'Ev > Mutfak', price: 129.9, stock: 55, active: 'Evet' },
    { sku: 'MUT-104', name: 'Çelik Tencere Seti', barcode: 8691234500062, brand: 'Emsan', category: 'Ev > Mutfak', price: 2899, stock: 8, active: 'belki' },
    { sku: 'MUT-105', name: 'Ahşap Kesme Tahtası', barcode: 8691234500079, brand: 'Emsan', category: 'Ev > Mutfak', price: '349,90', stock: 25, active: 'Hayır' },
  ];
  for (const r of rows) ws.addRow(r);
  await save(wb, 'products-with-errors.xlsx');
}

async function stock() {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Stok Sayımı');
  ws.columns = [
    { header: 'Stok Kodu', key: 'sku', width: 16 },
    { header: 'Depo', key: 'warehouse', width: 10 },
    { header: 'Miktar', key: 'qty', width: 10 },
  ];
  ws.getRow(1).font = { bold: true };
  catalog.forEach(([sku, , , , , , qty], i) => {
    ws.addRow({ sku, warehouse: 'MAIN', qty: qty - (i % 3) });
    if (i % 2 === 0) ws.addRow({ sku, warehouse: 'IST', qty: 5 + i });
  });
  await save(wb, 'stock.xlsx');
}

async function orders() {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Siparişler');
  ws.columns = [
    { header: 'Sipariş No', key: 'no', width: 14 },
    { header: 'Sipariş Tarihi', key: 'date', width: 14, style: { numFmt: 'dd.mm.yyyy' } },
    { header: 'Pazaryeri', key: 'channel', width: 12 },
    { header: 'Müşteri Adı', key: 'customer', width: 20 },
    { header: 'Telefon', key: 'phone', width: 14 },
    { header: 'E-posta', key: 'email', width: 24 },
    { header: 'Adres', key: 'address', width: 34 },
    { header: 'İlçe', key: 'district', width: 12 },
    { header: 'İl', key: 'city', width: 12 },
    { header: 'Stok Kodu', key: 'sku', width: 14 },
    { header: 'Ürün Adı', key: 'product', width: 32 },
    { header: 'Adet', key: 'qty', width: 6 },
    { header: 'Birim Fiyat', key: 'price', width: 12 },
    { header: 'Kargo Firması', key: 'carrier', width: 12 },
    { header: 'Kargo Anahtarı', key: 'key', width: 14 },
    { header: 'Takip No', key: 'tracking', width: 16 },
  ];
  ws.getRow(1).font = { bold: true };
  const customers = [
    ['Ayşe Yılmaz', '05321234567', 'ayse.yilmaz@example.com', 'Moda Cad. No:12 D:4', 'Kadıköy', 'İstanbul'],
    ['Mehmet Öztürk', '05427654321', 'mehmet.ozturk@example.com', 'Kızılay Mah. Atatürk Blv. No:88', 'Çankaya', 'Ankara'],
    ['Zeynep Şahin', '05059876543', 'zeynep.sahin@example.com', 'Alsancak Mah. 1453 Sk. No:7', 'Konak', 'İzmir'],
    ['Emre Çelik', '05551112233', 'emre.celik@example.com', 'Nilüfer Cad. No:21', 'Nilüfer', 'Bursa'],
    ['Elif Doğan', '05364445566', 'elif.dogan@example.com', 'Lara Cad. No:140 D:9', 'Muratpaşa', 'Antalya'],
  ];
  const carriers = ['yurtici', 'aras', 'mng'];
  let n = 0;
  for (let o = 0; o < 12; o++) {
    const [customer, phone, email, address, district, city] = customers[o % customers.length];
    const lines = 1 + (o % 3);
    const orderNo = `TY-${100230 + o}`;
    const shipped = o % 4 !== 3;
    for (let l = 0; l < lines; l++) {
      const [sku, product, , , price] = catalog[(o * 3 + l * 7) % catalog.length];
      ws.addRow({
        no: orderNo,
        date: new Date(Date.UTC(2024, 2, 1 + o, 10 + l, 15)),
        channel: o % 2 ? 'trendyol' : 'wix',
        customer,
        phone,
        email,
        address,
        district,
        city,
        sku,
        product,
        qty: 1 + ((o + l) % 2),
        price,
        carrier: shipped ? carriers[o % 3] : null,
        key: shipped ? `K${String(100230 + o).padStart(9, '0')}` : null,
        tracking: shipped ? String(7020000000 + o * 37) : null,
      });
      n++;
    }
  }
  await save(wb, 'orders.xlsx');
  return n;
}

await products();
await productsWithErrors();
await stock();
await orders();
