import { testCarrier } from '../conformance/carrier.js';
import { startMngFake } from '../fakes/mng/server.js';

testCarrier({
  type: 'mng',
  startFake: () => startMngFake(),
  config: (fake) => ({
    customerNumber: fake.customerNumber,
    password: fake.password,
    clientId: fake.clientId,
    clientSecret: fake.clientSecret,
    baseUrl: fake.url,
    barcodeRetryDelayMs: 50,
  }),
});
