// End to end through the built CLI (child processes): an orders workbook imported with `integr import`,
// then `shipments create --pending` and `shipments sync` against the three carriers' fake servers.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir, type CliResult } from '../helpers/cli.js';
import { startArasFake, type ArasFake } from '../fakes/aras/server.js';
import { startMngFake, type MngFake } from '../fakes/mng/server.js';
import { startYurticiFake, type YurticiFake } from '../fakes/yurtici/server.js';

interface OrderRow {
  no: string;
  carrier: string | null;
  name: string;
  address: string | null;
  district: string;
  city: string;
}

const ORDERS: OrderRow[] = [
  { no: 'TY-500001', carrier: 'yurtici', name: 'Ayşe Yılmaz', address: 'Moda Cad. No:12 D:4', district: 'Kadıköy', city: 'İstanbul' },
  { no: 'TY-500002', carrier: 'Yurtiçi Kargo', name: 'Mehmet & Oğlu <Ltd>', address: 'Kızılay Mah. Atatürk Blv. No:88', district: 'Çankaya', city: 'Ankara' },
  { no: 'TY-500003', carrier: 'aras', name: 'Zeynep Şahin', address: 'Alsancak Mah. 1453 Sk. No:7', district: 'Konak', city: 'İzmir' },
  { no: 'TY-500004', carrier: 'Aras Kargo', name: 'Emre Çelik', address: 'Bağdat Cad. No:21', district: 'Kadıköy', city: 'İstanbul' },
  { no: 'TY-500005', carrier: 'mng', name: 'Elif Doğan', address: 'Barbaros Blv. No:140 D:9', district: 'Beşiktaş', city: 'İstanbul' },
  { no: 'TY-500006', carrier: 'MNG Kargo', name: 'Can Aydın', address: 'Tunalı Hilmi Cad. No:3', district: 'Çankaya', city: 'Ankara' },
  { no: 'TY-500007', carrier: null, name: 'Deniz Kaya', address: 'Cumhuriyet Cad. No:1', district: 'Konak', city: 'İzmir' },
  { no: 'TY-500008', carrier: 'yurtici', name: 'Adresi Eksik', address: null, district: 'Kadıköy', city: 'İstanbul' },
];

async function writeOrders(path: string): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Siparişler');
  ws.addRow(['Sipariş No', 'Müşteri Adı', 'Telefon', 'Adres', 'İlçe', 'İl', 'Stok Kodu', 'Ürün Adı', 'Adet', 'Kargo Firması']);
  for (const o of ORDERS) ws.addRow([o.no, o.name, '0532 123 45 67', o.address, o.district, o.city, 'TSH-001-M', 'Pamuklu Tişört', 2, o.carrier]);
  await wb.xlsx.writeFile(path);
}

const json = (r: CliResult) => JSON.parse(r.stdout) as Record<string, any>;

describe('shipments end to end: import → create --pending → sync', () => {
  let tmp: { dir: string; cleanup: () => void };
  let yurtici: YurticiFake;
  let aras: ArasFake;
  let mng: MngFake;
  let env: Record<string, string>;
  const cli = (...args: string[]) => runCli(['-c', join(tmp.dir, '.integrationsrc.yaml'), ...args], { cwd: tmp.dir, env });

  beforeAll(async () => {
    tmp = tempDir('integr-shipments-e2e-');
    [yurtici, aras, mng] = await Promise.all([startYurticiFake(), startArasFake(), startMngFake()]);
    env = {
      YURTICI_USER: yurtici.username,
      YURTICI_PASSWORD: yurtici.password,
      ARAS_PASSWORD: aras.password,
      ARAS_QUERY_PASSWORD: aras.queryPassword,
      MNG_PASSWORD: mng.password,
      MNG_CLIENT_SECRET: mng.clientSecret,
    };
    writeFileSync(
      join(tmp.dir, '.integrationsrc.yaml'),
      `store: { path: ./integr.db }
carriers:
  yurtici:
    type: yurtici
    username: \${YURTICI_USER}
    password: \${YURTICI_PASSWORD}
    baseUrl: "${yurtici.url}"
  aras:
    type: aras
    username: ${aras.username}
    password: \${ARAS_PASSWORD}
    queryUsername: ${aras.queryUsername}
    queryPassword: \${ARAS_QUERY_PASSWORD}
    customerCode: "${aras.customerCode}"
    baseUrl: "${aras.url}"
    queryUrl: "${aras.queryUrl}"
  # \${VAR} inside a flow mapping ({ ... }) must be quoted: "{" is YAML syntax there.
  mng: { type: mng, customerNumber: "${mng.customerNumber}", password: "\${MNG_PASSWORD}", clientId: ${mng.clientId}, clientSecret: "\${MNG_CLIENT_SECRET}", baseUrl: "${mng.url}" }
`,
    );
    await writeOrders(join(tmp.dir, 'orders.xlsx'));
  });
  afterAll(async () => {
    await Promise.all([yurtici?.close(), aras?.close(), mng?.close()]);
    tmp?.cleanup();
  });

  const secrets = () => [yurtici.password, aras.password, aras.queryPassword, mng.password, mng.clientSecret, mng.clientId];
  const noSecrets = (r: CliResult) => {
    for (const s of secrets()) expect(r.stdout + r.stderr).not.toContain(s);
  };

  it('imports the orders workbook', async () => {
    const r = await cli('import', 'orders.xlsx', '--type', 'orders', '--json');
    expect(r.code, r.stderr).toBe(0);
    expect(json(r).rows.inserted).toBe(ORDERS.length);
  });

  it('--dry-run shows what would be sent and sends nothing', async () => {
    const r = await cli('shipments', 'create', '--pending', '--carrier', 'yurtici', '--dry-run', '--json');
    expect(r.code, r.stderr).toBe(3); // TY-500008 has no address
    const report = json(r);
    expect(report.dryRun).toBe(true);
    expect(report.summary).toMatchObject({ wouldCreate: 2, failed: 1 });
    const sent = report.results.find((x: any) => x.orderNo === 'TY-500002');
    expect(sent.request.recipient).toMatchObject({ name: 'Mehmet & Oğlu <Ltd>', city: 'Ankara', district: 'Çankaya', phone: '5321234567' });
    expect(report.results.find((x: any) => x.orderNo === 'TY-500008').reason).toMatch(/address/);
    expect(yurtici.keys()).toHaveLength(0);
  });

  it('shipments create --pending --carrier yurtici creates the Yurtiçi orders once', async () => {
    const r = await cli('shipments', 'create', '--pending', '--carrier', 'yurtici', '--json');
    expect(r.code, r.stderr).toBe(3);
    const report = json(r);
    expect(report.summary).toMatchObject({ created: 2, failed: 1 });
    expect(yurtici.keys().sort()).toEqual(report.results.filter((x: any) => x.result === 'created').map((x: any) => x.carrierKey).sort());
    expect(aras.keys()).toHaveLength(0);
    noSecrets(r);

    const again = await cli('shipments', 'create', '--pending', '--carrier', 'yurtici', '--json');
    const second = json(again);
    expect(second.summary.created).toBe(0);
    expect(second.results.map((x: any) => x.orderNo)).toEqual(['TY-500008']);
    for (const k of yurtici.keys()) expect(yurtici.shipment(k)?.createCount).toBe(1);
  });

  it('shipments create --pending ships the rest, each at the carrier its order names', async () => {
    const r = await cli('shipments', 'create', '--pending');
    expect(r.code, r.stderr).toBe(3);
    expect(r.stdout).toMatch(/4 created/);
    expect(r.stdout).toContain('TY-500007');
    expect(aras.keys()).toHaveLength(2);
    expect(mng.keys()).toHaveLength(2);
    expect(mng.shipment(mng.keys()[0])?.trackingNumber).toBeTruthy();
  });

  it('shipments sync pulls statuses; a re-run changes nothing; delivered orders drop out', async () => {
    const first = await cli('shipments', 'sync', '--json');
    expect(first.code, first.stderr).toBe(0);
    const r1 = json(first);
    expect(r1.carriers.map((c: any) => [c.carrier, c.checked])).toEqual([
      ['yurtici', 2],
      ['aras', 2],
      ['mng', 2],
    ]);
    expect(r1.carriers.find((c: any) => c.carrier === 'aras').notFound).toBe(2);

    for (const f of [yurtici, aras, mng]) f.advance();
    const second = await cli('shipments', 'sync');
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toMatch(/yurtici: 2 checked, 2 changed/);
    expect(second.stdout).toMatch(/created → in_transit/);
    noSecrets(second);

    const rerun = json(await cli('shipments', 'sync', '--json'));
    expect(rerun.carriers.map((c: any) => c.changed)).toEqual([0, 0, 0]);
    expect(rerun.changes).toHaveLength(0);

    for (let i = 0; i < 6; i++) for (const f of [yurtici, aras, mng]) f.advance();
    const done = json(await cli('shipments', 'sync', '--json'));
    expect(done.changes.every((c: any) => c.to === 'delivered')).toBe(true);
    expect(done.changes).toHaveLength(6);
    const after = json(await cli('shipments', 'sync', '--json'));
    expect(after.carriers.map((c: any) => c.checked)).toEqual([0, 0, 0]);
  });

  it('shipments list and show report what the store holds', async () => {
    const list = json(await cli('shipments', '--status', 'delivered', '--json'));
    expect(list.shipments).toHaveLength(6);
    expect(list.shipments.every((s: any) => s.trackingNumber && s.deliveredAt)).toBe(true);
    const byCarrier = json(await cli('shipments', 'list', '--carrier', 'aras', '--json'));
    expect(byCarrier.shipments.map((s: any) => s.orderNo).sort()).toEqual(['TY-500003', 'TY-500004']);
    const show = await cli('shipments', 'show', 'TY-500001');
    expect(show.code).toBe(0);
    expect(show.stdout).toMatch(/Teslim edildi/);
    const bad = await cli('shipments', '--status', 'lost');
    expect(bad.code).toBe(2);
  });

  it('doctor checks each carrier with one read-only call; refused credentials exit 5 without echoing them', async () => {
    const ok = await cli('doctor', 'yurtici', 'aras', 'mng', '--json');
    expect(ok.code, ok.stdout).toBe(0);
    const wrong = await runCli(['-c', join(tmp.dir, '.integrationsrc.yaml'), 'doctor', 'yurtici', 'mng'], {
      cwd: tmp.dir,
      env: { ...env, YURTICI_PASSWORD: 'not-the-password-1', MNG_PASSWORD: 'not-the-password-2' },
    });
    expect(wrong.code).toBe(5);
    expect(wrong.stdout).toMatch(/FAIL\s+carrier yurtici/);
    expect(wrong.stdout + wrong.stderr).not.toContain('not-the-password-1');
    expect(wrong.stdout + wrong.stderr).not.toContain('not-the-password-2');
  });
});
