import { testChannel } from '../conformance/channel.js';
import { startSandboxFake, type SandboxFake } from '../fakes/sandbox/index.js';

testChannel({
  type: 'sandbox',
  startFake: startSandboxFake,
  config: (fake) => ({ type: 'sandbox', path: (fake as SandboxFake).path }),
  readBatchSize: 500,
  writeBatchSize: 500,
  countsRequests: false,
  supportsFaults: false,
  supportsUntracked: true,
});
