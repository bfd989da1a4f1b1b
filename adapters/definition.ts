import type { z } from 'zod';
import type { Channel, ChannelContext } from '../src/sync/channel.js';
import type { Carrier, CarrierContext } from '../src/shipments/carrier.js';

/**
 * One declaration per adapter (rclone-style): its type name, its config schema (secret fields
 * marked with secret()), a description for help and docs, and a factory. Factories import
 * their implementation lazily so that `integr --help` never loads HTTP or XML code.
 */
export interface ChannelDefinition {
  kind: 'channel';
  type: string;
  description: string;
  /** Adapter-specific keys; the common channel keys (type, baseUrl, warehouses, buffer, ...) are added by the registry. */
  configSchema: z.ZodObject;
  create(config: Record<string, unknown>, ctx: ChannelContext): Promise<Channel>;
}

export interface CarrierDefinition {
  kind: 'carrier';
  type: string;
  description: string;
  /** Other names an imported order's carrier column may use for this carrier ("Yurtiçi Kargo", "DHL eCommerce"). */
  aliases: string[];
  configSchema: z.ZodObject;
  create(config: Record<string, unknown>, ctx: CarrierContext): Promise<Carrier>;
}

export type AdapterDefinition = ChannelDefinition | CarrierDefinition;
