import { describe, expect, it } from 'vitest';
import { planSync, splitByLocalStock, targetFor } from '../../src/sync/plan.js';
import { checkSafety } from '../../src/sync/safety.js';
import type { RemoteItem } from '../../src/sync/channel.js';
import type { LocalStockItem } from '../../src/store/stock.js';

const local = (sku: string, warehouses: Record<string, number>, extra: Partial<LocalStockItem> = {}): LocalStockItem => ({ sku, barcode: null, name: null, price: null, listPrice: null, warehouses, ...extra });
const remote = (sku: string, quantity: number | null, price?: RemoteItem['price']): RemoteItem => ({ sku, quantity, ref: { id: `r-${sku}` }, ...(price ? { price } : {}) });
const rules = { buffer: 0, maxQuantity: 99999 };

describe('targetFor', () => {
  it('sums every warehouse by default', () => {
    expect(targetFor(local('A', { MAIN: 3, B: 4 }), rules)).toEqual({ sku: 'A', target: 7, capped: false });
  });
  it('sums only the channel warehouses', () => {
    expect(targetFor(local('A', { MAIN: 3, B: 4, C: 10 }), { ...rules, warehouses: ['MAIN', 'C'] }).target).toBe(13);
  });
  it('subtracts the buffer and clamps at 0', () => {
    expect(targetFor(local('A', { MAIN: 3 }), { ...rules, buffer: 2 }).target).toBe(1);
    expect(targetFor(local('A', { MAIN: 1 }), { ...rules, buffer: 2 }).target).toBe(0);
  });
  it('treats negative local stock as 0', () => {
    expect(targetFor(local('A', { MAIN: -5 }), rules).target).toBe(0);
  });
  it('caps at the platform maximum and says so', () => {
    expect(targetFor(local('A', { MAIN: 25_000 }), { ...rules, maxQuantity: 20_000 })).toEqual({ sku: 'A', target: 20_000, capped: true });
    expect(targetFor(local('A', { MAIN: 20_000 }), { ...rules, maxQuantity: 20_000 }).capped).toBe(false);
  });
  it('a product with no stock rows targets 0', () => {
    expect(targetFor(local('A', {}), rules).target).toBe(0);
  });
});

describe('splitByLocalStock', () => {
  it('products with no stock row in any warehouse are split off; a stock row of 0 is known stock', () => {
    const { stocked, noStock } = splitByLocalStock([local('A', { MAIN: 0 }), local('B', {}), local('C', { IST: 3 }), local('D', {})]);
    expect(stocked.map((l) => l.sku)).toEqual(['A', 'C']);
    expect(noStock).toEqual(['B', 'D']);
  });
});

describe('planSync', () => {
  it('classifies changes, unchanged, not found and untracked', () => {
    const plan = planSync({
      locals: [local('A', { MAIN: 5 }), local('B', { MAIN: 2 }), local('C', { MAIN: 1 }), local('D', { MAIN: 9 })],
      remote: new Map([
        ['A', remote('A', 5)],
        ['B', remote('B', 7)],
        ['D', remote('D', null)],
      ]),
      rules,
      prices: false,
    });
    expect(plan.unchanged).toEqual(['A']);
    expect(plan.notFound).toEqual(['C']);
    expect(plan.untracked).toEqual(['D']);
    expect(plan.changes).toEqual([{ sku: 'B', ref: { id: 'r-B' }, remote: 7, target: 2, delta: -5, capped: false }]);
  });

  it('pushes the zero when local stock fell to 0 or has no rows', () => {
    const plan = planSync({ locals: [local('A', { MAIN: 0 }), local('B', {})], remote: new Map([['A', remote('A', 3)], ['B', remote('B', 1)]]), rules, prices: false });
    expect(plan.changes.map((c) => [c.sku, c.target, c.delta])).toEqual([
      ['A', 0, -3],
      ['B', 0, -1],
    ]);
  });

  it('corrects a negative remote quantity', () => {
    const plan = planSync({ locals: [local('A', { MAIN: 2 })], remote: new Map([['A', remote('A', -3)]]), rules, prices: false });
    expect(plan.changes[0].delta).toBe(5);
  });

  it('adds price changes only when prices are enabled and differ', () => {
    const locals = [local('A', { MAIN: 1 }, { price: 199.9, listPrice: 249.9 }), local('B', { MAIN: 1 }, { price: 10, listPrice: null }), local('C', { MAIN: 1 }, { price: null })];
    const rem = new Map([
      ['A', remote('A', 1, { sale: 189.9, list: 249.9 })],
      ['B', remote('B', 1, { sale: 10.001, list: 12 })],
      ['C', remote('C', 1, { sale: 5, list: 5 })],
    ]);
    expect(planSync({ locals, remote: rem, rules, prices: false }).changes).toHaveLength(0);
    const plan = planSync({ locals, remote: rem, rules, prices: true });
    expect(plan.changes).toHaveLength(1);
    expect(plan.changes[0]).toMatchObject({ sku: 'A', delta: 0, price: { sale: 199.9, list: 249.9 } });
    expect(plan.unchanged).toEqual(['B', 'C']);
  });

  it('reports capped SKUs', () => {
    const plan = planSync({ locals: [local('A', { MAIN: 30_000 })], remote: new Map([['A', remote('A', 20_000)]]), rules: { ...rules, maxQuantity: 20_000 }, prices: false });
    expect(plan.capped).toEqual(['A']);
    expect(plan.unchanged).toEqual(['A']);
  });
});

describe('checkSafety', () => {
  const planWith = (changes: Array<[number, number]>, unchanged = 0) =>
    planSync({
      locals: [...changes.map((_, i) => local(`C${i}`, { MAIN: changes[i][1] })), ...Array.from({ length: unchanged }, (_, i) => local(`U${i}`, { MAIN: 1 }))],
      remote: new Map([...changes.map((c, i) => [`C${i}`, remote(`C${i}`, c[0])] as const), ...Array.from({ length: unchanged }, (_, i) => [`U${i}`, remote(`U${i}`, 1)] as const)]),
      rules,
      prices: false,
    });

  it('passes a small plan', () => {
    expect(checkSafety(planWith([[1, 2]], 9), { maxChanges: 10, maxZeroRatio: 0.2 })).toBeNull();
  });
  it('refuses more changes than maxChanges, with the numbers', () => {
    const v = checkSafety(planWith([[1, 2], [1, 3], [1, 4]]), { maxChanges: 2, maxZeroRatio: 1 });
    expect(v?.rule).toBe('maxChanges');
    expect(v?.message).toContain('3 changes');
    expect(v?.message).toContain('limit is 2');
  });
  it('refuses zeroing more than maxZeroRatio of found SKUs', () => {
    const v = checkSafety(planWith([[5, 0], [5, 0], [5, 0]], 7), { maxChanges: 100, maxZeroRatio: 0.2 });
    expect(v?.rule).toBe('maxZeroRatio');
    expect(v?.message).toContain('3 of 10');
    expect(v?.message).toContain('30.0%');
  });
  it('allows exactly the ratio', () => {
    expect(checkSafety(planWith([[5, 0], [5, 0]], 8), { maxChanges: 100, maxZeroRatio: 0.2 })).toBeNull();
  });
  it('does not count SKUs that are already 0 remotely as zeroed', () => {
    expect(checkSafety(planWith([[-1, 0], [-2, 0], [-3, 0]], 1), { maxChanges: 100, maxZeroRatio: 0.2 })).toBeNull();
  });
});
