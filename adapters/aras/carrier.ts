import { configError } from '../../src/errors.js';
import { registerSecret } from '../../src/config/redact.js';
import { createHttpClient } from '../../src/http/client.js';
import { RemoteError } from '../../src/http/errors.js';
import { soapCall, responseElement } from '../../src/soap/call.js';
import { textOf } from '../../src/soap/parse.js';
import { looksLikeCredentialRefusal } from '../../src/shipments/carrier-text.js';
import type { Carrier, CarrierCapabilities, CarrierContext, ShipmentRequest, TrackingResult } from '../../src/shipments/carrier.js';
import { ARRAYS, GET_QUERY_JSON_ACTION, getQueryJsonEnvelope, parseQueryJson, readCargo, readSetOrder, SET_ORDER_ACTION, setOrderAnswers, setOrderEnvelope } from './messages.js';

export const ARAS_ORDER_PROD_URL = 'https://customerws.araskargo.com.tr/arascargoservice.asmx';
export const ARAS_QUERY_PROD_URL = 'https://customerservices.araskargo.com.tr/ArasCargoCustomerIntegrationService/ArasCargoIntegrationService.svc';

export interface ArasConfig {
  baseUrl?: string;
  queryUrl?: string;
  timeoutMs: number;
  username: string;
  password: string;
  queryUsername?: string;
  queryPassword?: string;
  customerCode: string;
  payorTypeCode: 1 | 2;
}

export const ARAS_CAPABILITIES: CarrierCapabilities = {
  // GetQueryJSON QueryType 1 takes one IntegrationCode per call.
  trackBatchSize: 1,
  // UNCONFIRMED: orderInfo takes several Order elements; no documented cap.
  createBatchSize: 10,
  concurrency: 4,
  // UNCONFIRMED: rate limits are not documented.
  rateLimit: { requests: 5, intervalMs: 1000 },
  // UNCONFIRMED: IntegrationCode length and characters are not documented.
  carrierKey: { maxLength: 32, allowed: /[A-Za-z0-9-]/, upperCase: false },
};

const PROBE_KEY = 'INTEGR-DOCTOR-PROBE';

export function createArasCarrier(config: ArasConfig, ctx: CarrierContext): Carrier {
  if (config.baseUrl && !config.queryUrl) {
    throw configError(`carriers.${ctx.name}.queryUrl: required when baseUrl is set (the query service has its own URL)`, 'see docs/carriers.md for the test and production URLs');
  }
  for (const s of [config.password, config.queryPassword]) registerSecret(s);
  const orderUrl = new URL(config.baseUrl ?? ARAS_ORDER_PROD_URL);
  const queryUrl = new URL(config.queryUrl ?? ARAS_QUERY_PROD_URL);
  const clientFor = (url: URL, what: string) =>
    createHttpClient({
      name: ctx.name,
      baseUrl: url.origin,
      timeoutMs: config.timeoutMs,
      rateLimit: ARAS_CAPABILITIES.rateLimit,
      // .NET services answer faults with HTTP 500, which is retried like an outage: keep retries few.
      retry: { retries: 3 },
      onRetry: (r) => ctx.log.verbose(`${ctx.name} (${what}): retrying ${r.endpoint} in ${r.delayMs} ms (${r.reason})`),
    });
  const orders = clientFor(orderUrl, 'order service');
  const queries = clientFor(queryUrl, 'query service');
  const orderCreds = { username: config.username, password: config.password, payorTypeCode: config.payorTypeCode };
  // The query service often has its own user (esasweb.araskargo.com.tr → Entegrasyon Üyelikleri).
  const queryCreds = { username: config.queryUsername ?? config.username, password: config.queryPassword ?? config.password, customerCode: config.customerCode };

  const authError = (operation: string, text: string, which: string) =>
    new RemoteError('REMOTE_AUTH', `${ctx.name}: ${operation} refused the credentials: ${text}`, {
      status: 200,
      sent: true,
      outcomeUnknown: false,
      hint: `check carriers.${ctx.name}.${which}`,
    });

  async function trackOne(key: string, signal?: AbortSignal): Promise<TrackingResult> {
    const call = { name: ctx.name, path: queryUrl.pathname, operation: 'GetQueryJSON', soapAction: GET_QUERY_JSON_ACTION, envelope: getQueryJsonEnvelope(queryCreds, key), idempotent: true, signal };
    const msg = await soapCall(queries, call);
    const answer = parseQueryJson(textOf(responseElement(msg, call, 'GetQueryJSONResponse').GetQueryJSONResult));
    if (answer.kind === 'text') {
      if (looksLikeCredentialRefusal(answer.text)) throw authError('GetQueryJSON', answer.text, 'queryUsername, queryPassword and customerCode');
      throw new RemoteError('REMOTE_ERROR', `${ctx.name}: GetQueryJSON answered with text instead of JSON: ${answer.text.slice(0, 200)}`, { status: 200, sent: true, outcomeUnknown: false });
    }
    const result = readCargo(key, answer.value);
    if (result.error && looksLikeCredentialRefusal(result.error)) throw authError('GetQueryJSON', result.error, 'queryUsername, queryPassword and customerCode');
    return result;
  }

  return {
    capabilities: ARAS_CAPABILITIES,
    async create(requests: ShipmentRequest[], signal?: AbortSignal) {
      const call = { name: ctx.name, path: orderUrl.pathname, operation: 'SetOrder', soapAction: SET_ORDER_ACTION, envelope: setOrderEnvelope(orderCreds, requests), idempotent: false, arrays: ARRAYS, signal };
      const msg = await soapCall(orders, call);
      const result = responseElement(msg, call, 'SetOrderResponse').SetOrderResult;
      const answers = setOrderAnswers((result ?? {}) as Record<string, unknown>);
      const refusal = answers.find((a) => a.code !== '0' && looksLikeCredentialRefusal(a.message));
      if (refusal) throw authError('SetOrder', refusal.message ?? '', 'username and password');
      return readSetOrder(answers, requests.map((r) => r.carrierKey));
    },
    async track(keys: string[], signal?: AbortSignal) {
      const out: TrackingResult[] = [];
      for (const key of keys) out.push(await trackOne(key, signal));
      return out;
    },
    async check(signal?: AbortSignal) {
      await trackOne(PROBE_KEY, signal);
      // SetOrder is the order service's only documented call and it writes: its credentials are proven by the first create.
      return `${queryUrl.host}: query credentials accepted (GetQueryJSON); order service credentials (${orderUrl.host}) are checked by the first shipments create`;
    },
    async close() {
      await Promise.all([orders.close(), queries.close()]);
    },
  };
}
