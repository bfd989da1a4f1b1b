import { testCarrier } from '../conformance/carrier.js';
import { startArasFake } from '../fakes/aras/server.js';

testCarrier({
  type: 'aras',
  startFake: () => startArasFake(),
  config: (fake) => ({
    username: fake.username,
    password: fake.password,
    queryUsername: fake.queryUsername,
    queryPassword: fake.queryPassword,
    customerCode: fake.customerCode,
    baseUrl: fake.url,
    queryUrl: fake.queryUrl,
  }),
});
