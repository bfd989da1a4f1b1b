import { registerSecret } from '../../src/config/redact.js';
import { createHttpClient } from '../../src/http/client.js';
import { RemoteError } from '../../src/http/errors.js';
import { soapCall, responseElement } from '../../src/soap/call.js';
import { looksLikeCredentialRefusal } from '../../src/shipments/carrier-text.js';
import type { Carrier, CarrierCapabilities, CarrierContext, ShipmentRequest } from '../../src/shipments/carrier.js';
import { ARRAYS, createShipmentEnvelope, queryShipmentEnvelope, readCreateResult, readQueryResult, YurticiRefusal, type Credentials } from './messages.js';

export const YURTICI_PROD_URL = 'https://ws.yurticikargo.com/KOPSWebServices/ShippingOrderDispatcherServices';

export interface YurticiConfig {
  baseUrl?: string;
  timeoutMs: number;
  username: string;
  password: string;
  language: 'TR' | 'EN';
}

export const YURTICI_CAPABILITIES: CarrierCapabilities = {
  // UNCONFIRMED: no documented caps; ShippingOrderVO[] and keys[] take lists, kept small.
  trackBatchSize: 20,
  createBatchSize: 20,
  concurrency: 2,
  // UNCONFIRMED: rate limits are not documented.
  rateLimit: { requests: 5, intervalMs: 1000 },
  // cargoKey is the barcode scanned at the branch. UNCONFIRMED length; 20 upper-case letters/digits is what clients use.
  carrierKey: { maxLength: 20, allowed: /[A-Z0-9]/, upperCase: true },
};

// A key no order can have (keys are at most 20 characters): doctor queries it to prove the login.
const PROBE_KEY = 'INTEGRDOCTORPROBEKEY';

export function createYurticiCarrier(config: YurticiConfig, ctx: CarrierContext): Carrier {
  registerSecret(config.password);
  const endpoint = new URL(config.baseUrl ?? YURTICI_PROD_URL);
  const client = createHttpClient({
    name: ctx.name,
    baseUrl: endpoint.origin,
    timeoutMs: config.timeoutMs,
    rateLimit: YURTICI_CAPABILITIES.rateLimit,
    // A SOAP fault arrives as HTTP 500 and would be retried like an outage: keep retries few.
    retry: { retries: 3 },
    onRetry: (r) => ctx.log.verbose(`${ctx.name}: retrying ${r.endpoint} in ${r.delayMs} ms (${r.reason})`),
  });
  const creds: Credentials = { username: config.username, password: config.password, language: config.language };
  const path = endpoint.pathname + endpoint.search;

  const refused = (operation: string, r: YurticiRefusal): RemoteError => {
    const auth = looksLikeCredentialRefusal(r.outResult);
    return new RemoteError(auth ? 'REMOTE_AUTH' : 'REMOTE_ERROR', `${ctx.name}: ${operation} refused: ${r.message} (outFlag ${r.outFlag ?? '?'})`, {
      status: 200,
      sent: true,
      outcomeUnknown: false,
      hint: auth ? `check carriers.${ctx.name}.username and password (sender-pays, receiver-pays and COD each have their own user)` : undefined,
    });
  };

  async function query(keys: string[], signal?: AbortSignal) {
    const call = { name: ctx.name, path, operation: 'queryShipment', soapAction: '', envelope: queryShipmentEnvelope(creds, keys), idempotent: true, arrays: ARRAYS, signal };
    const msg = await soapCall(client, call);
    const vo = responseElement(msg, call, 'queryShipmentResponse').ShippingDeliveryVO;
    try {
      return readQueryResult((vo ?? {}) as Record<string, unknown>, keys);
    } catch (err) {
      if (err instanceof YurticiRefusal) throw refused('queryShipment', err);
      throw err;
    }
  }

  return {
    capabilities: YURTICI_CAPABILITIES,
    async create(requests: ShipmentRequest[], signal?: AbortSignal) {
      const keys = requests.map((r) => r.carrierKey);
      const call = { name: ctx.name, path, operation: 'createShipment', soapAction: '', envelope: createShipmentEnvelope(creds, requests), idempotent: false, arrays: ARRAYS, signal };
      const msg = await soapCall(client, call);
      const vo = responseElement(msg, call, 'createShipmentResponse').ShippingOrderResultVO;
      try {
        return readCreateResult((vo ?? {}) as Record<string, unknown>, keys);
      } catch (err) {
        if (err instanceof YurticiRefusal) throw refused('createShipment', err);
        throw err;
      }
    },
    track: (keys, signal) => query(keys, signal),
    async check(signal?: AbortSignal) {
      await query([PROBE_KEY], signal);
      return `${endpoint.host}: credentials accepted (queryShipment answered for user ${config.username})`;
    },
    close: () => client.close(),
  };
}
