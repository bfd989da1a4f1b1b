import { describe, expect, it } from 'vitest';
import { SeenKeys } from '../../src/import/seen-keys.js';

describe('seen keys', () => {
  it('remembers where each key was first seen, through many resizes', () => {
    const keys = new SeenKeys();
    for (let i = 0; i < 50_000; i++) expect(keys.claim(`p:SKU-${i}`, i + 2)).toBeUndefined();
    expect(keys.size).toBe(50_000);
    for (let i = 0; i < 50_000; i += 997) expect(keys.claim(`p:SKU-${i}`, 999_999)).toEqual({ rowNumber: i + 2, value: 0 });
    expect(keys.claim('p:SKU-50000', 7)).toBeUndefined();
    expect(keys.size).toBe(50_001);
  });

  it('tells apart keys that differ only slightly, in any script', () => {
    const keys = new SeenKeys();
    const all = ['p:ab', 'p:ba', 'p:a', 'p:', 's:A|MAIN', 's:A|MAIN ', 'p:İ', 'p:I', 'p:ı', 'p:i', 'p:Артикул', 'p:артикул'];
    all.forEach((k, i) => expect(keys.claim(k, i)).toBeUndefined());
    all.forEach((k, i) => expect(keys.claim(k, 100)?.rowNumber).toBe(i));
  });

  it('keeps a small value per key', () => {
    const keys = new SeenKeys();
    keys.claim('o:TY-1', 2);
    keys.setValue('o:TY-1', 2);
    keys.setValue('o:unknown', 1);
    expect(keys.claim('o:TY-1', 9)).toEqual({ rowNumber: 2, value: 2 });
    expect(keys.claim('o:unknown', 9)).toBeUndefined();
  });
});
