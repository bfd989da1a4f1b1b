import { testChannel } from '../conformance/channel.js';
import { startWixFake, type WixFake } from '../fakes/wix/index.js';

for (const catalog of ['V1_CATALOG', 'V3_CATALOG'] as const) {
  testChannel({
    type: `wix (${catalog})`,
    startFake: async () => {
      const fake = await startWixFake({ catalog, seedLayout: 'mixed' });
      fake.setRateLimit(null);
      return fake;
    },
    config: (fake) => ({ type: 'wix', apiKey: (fake as WixFake).apiKey, siteId: (fake as WixFake).siteId, baseUrl: fake.url }),
    readBatchSize: 100,
    writeBatchSize: 300,
    supportsFaults: true,
    supportsItemFailures: true,
    supportsUntracked: true,
    secrets: ['IST.fake-wix-api-key-0123456789'],
  });
}
