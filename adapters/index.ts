import type { AdapterDefinition, CarrierDefinition, ChannelDefinition } from './definition.js';
import { sandbox } from './sandbox/index.js';
import { trendyol } from './trendyol/index.js';
import { wix } from './wix/index.js';
import { yurtici } from './yurtici/index.js';
import { aras } from './aras/index.js';
import { mng } from './mng/index.js';

/** Every adapter integr knows, registered by type. Adding a platform = one folder + one line here. */
export const adapters: AdapterDefinition[] = [sandbox, wix, trendyol, yurtici, aras, mng];

export function findAdapter(kind: 'channel', type: string): ChannelDefinition | undefined;
export function findAdapter(kind: 'carrier', type: string): CarrierDefinition | undefined;
export function findAdapter(kind: 'channel' | 'carrier', type: string): AdapterDefinition | undefined;
export function findAdapter(kind: 'channel' | 'carrier', type: string): AdapterDefinition | undefined {
  return adapters.find((a) => a.kind === kind && a.type === type);
}

export function adapterTypes(kind: 'channel' | 'carrier'): string[] {
  return adapters.filter((a) => a.kind === kind).map((a) => a.type);
}
