import { testCarrier } from '../conformance/carrier.js';
import { startYurticiFake } from '../fakes/yurtici/server.js';

testCarrier({
  type: 'yurtici',
  startFake: () => startYurticiFake(),
  config: (fake) => ({ username: fake.username, password: fake.password, baseUrl: fake.url }),
});
