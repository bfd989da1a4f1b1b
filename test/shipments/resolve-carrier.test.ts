import { describe, expect, it } from 'vitest';
import { resolveCarrier, type KnownCarrier } from '../../src/shipments/resolve-carrier.js';

const carriers: KnownCarrier[] = [
  { name: 'yurtici', type: 'yurtici', aliases: ['Yurtiçi Kargo', 'YK'] },
  { name: 'aras-main', type: 'aras', aliases: ['Aras Kargo'] },
  { name: 'mng', type: 'mng', aliases: ['MNG Kargo', 'DHL eCommerce'] },
];

describe('resolveCarrier', () => {
  it.each([
    ['yurtici', 'yurtici'],
    ['YURTİÇİ', 'yurtici'],
    ['Yurtiçi Kargo', 'yurtici'],
    ['YK', 'yurtici'],
    ['aras', 'aras-main'],
    ['Aras Kargo', 'aras-main'],
    ['aras-main', 'aras-main'],
    ['DHL eCommerce', 'mng'],
    ['MNG KARGO', 'mng'],
  ])('%s → %s', (value, name) => {
    expect(resolveCarrier(value, carriers)).toEqual({ ok: true, name });
  });

  it('explains what it cannot resolve', () => {
    expect(resolveCarrier(null, carriers)).toMatchObject({ ok: false, reason: /names no carrier/ });
    expect(resolveCarrier('PTT Kargo', carriers)).toMatchObject({ ok: false, reason: /not configured \(configured: yurtici, aras-main, mng\)/ });
    const two: KnownCarrier[] = [
      { name: 'yk-sender', type: 'yurtici', aliases: ['Yurtiçi Kargo'] },
      { name: 'yk-cod', type: 'yurtici', aliases: ['Yurtiçi Kargo'] },
    ];
    expect(resolveCarrier('Yurtiçi Kargo', two)).toMatchObject({ ok: false, reason: /matches yk-sender and yk-cod/ });
    expect(resolveCarrier('yk-cod', two)).toEqual({ ok: true, name: 'yk-cod' });
  });
});
