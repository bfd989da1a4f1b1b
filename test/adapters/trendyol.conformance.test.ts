import { testChannel } from '../conformance/channel.js';
import { startTrendyolFake, type TrendyolFake } from '../fakes/trendyol/server.js';

const apiKey = 'conformance-trendyol-key';
const apiSecret = 'conformance-trendyol-secret';

testChannel({
  type: 'trendyol',
  // Real limits (50 requests / 10 s per endpoint); batches complete after 2 polls or 300 ms on their own.
  startFake: () => startTrendyolFake({ sellerId: '987654', apiKey, apiSecret, pollsToComplete: 2, completeAfterMs: 300 }),
  config: (fake) => ({
    type: 'trendyol',
    sellerId: (fake as TrendyolFake).sellerId,
    apiKey,
    apiSecret,
    baseUrl: fake.url,
    pollIntervalMs: 50,
  }),
  readBatchSize: 50,
  writeBatchSize: 1000,
  supportsFaults: true,
  supportsItemFailures: true,
  usesBarcodes: true,
  secrets: [apiKey, apiSecret, Buffer.from(`${apiKey}:${apiSecret}`).toString('base64')],
});
