import { testChannel } from '../conformance/channel.js';
import type { ChannelFake } from '../conformance/channel-fake.js';
import { startWixFake, type WixFake } from '../fakes/wix/index.js';

// The shared channel suite against the Wix fake, once per catalog. The fake seeds a mix of simple
// and multi-variant products. Catalog V1 refuses a whole increment/decrement call rather than one
// item, so the per-item failure scenario runs on V3 only (V1's form is covered in wix.test.ts).

const API_KEY = 'IST.conformance-wix-api-key-5f3a9c';

const config = (fake: ChannelFake) => ({ type: 'wix', apiKey: API_KEY, siteId: (fake as WixFake).siteId, baseUrl: fake.url });

testChannel({
  type: 'wix (Catalog V3)',
  startFake: () => startWixFake({ apiKey: API_KEY, catalog: 'V3_CATALOG' }),
  config,
  readBatchSize: 100,
  writeBatchSize: 300,
  supportsFaults: true,
  supportsItemFailures: true,
  supportsUntracked: true,
  secrets: [API_KEY],
});

testChannel({
  type: 'wix (Catalog V1)',
  // The UNCONFIRMED sku filter is taken to match variant SKUs here; wix.test.ts covers the other case.
  startFake: () => startWixFake({ apiKey: API_KEY, catalog: 'V1_CATALOG', skuFilterMatchesVariants: true }),
  config,
  readBatchSize: 100,
  writeBatchSize: 300,
  supportsFaults: true,
  supportsItemFailures: false,
  supportsUntracked: true,
  secrets: [API_KEY],
});
