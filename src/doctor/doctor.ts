import type { LoadedConfig } from '../config/load.js';
import { loadConfig } from '../config/load.js';
import { toIntegrError } from '../errors.js';
import { Store } from '../store/store.js';
import { openChannel } from '../sync/open-channel.js';
import { redact } from '../config/redact.js';
import { findAdapter } from '../../adapters/index.js';

export interface DoctorCheck {
  name: string;
  ok: boolean;
  detail: string;
  /** Exit code this failure maps to (2 config/store, 5 remote). */
  exitCode?: number;
}

export interface DoctorOptions {
  configPath?: string;
  dbPath?: string;
  /** Channel or carrier names to check; default all configured. */
  names: string[];
  log: { verbose(m: string): void; warn(m: string): void };
}

const MIN_NODE = [20, 18];

/** Read-only health checks: Node, config, store, then one read-only call per channel/carrier. */
export async function runDoctor(options: DoctorOptions): Promise<DoctorCheck[]> {
  const checks: DoctorCheck[] = [];
  const [maj, min] = process.versions.node.split('.').map(Number);
  const nodeOk = maj > MIN_NODE[0] || (maj === MIN_NODE[0] && min >= MIN_NODE[1]);
  checks.push({ name: 'node', ok: nodeOk, detail: `Node ${process.versions.node}${nodeOk ? '' : ' (integr needs 20.18 or newer)'}`, exitCode: nodeOk ? undefined : 2 });

  let loaded: LoadedConfig | undefined;
  try {
    loaded = await loadConfig({ configPath: options.configPath });
    checks.push({ name: 'config', ok: true, detail: loaded.filepath ?? 'no config file (defaults)' });
  } catch (err) {
    const e = toIntegrError(err);
    checks.push({ name: 'config', ok: false, detail: redact(e.message), exitCode: e.exitCode });
    return checks;
  }

  let store: Store | undefined;
  try {
    store = Store.open(options.dbPath ?? loaded.config.store.path);
    store.probeWritable();
    checks.push({ name: 'store', ok: true, detail: `${store.path} (schema v${store.schemaVersion()}, writable)` });
  } catch (err) {
    const e = toIntegrError(err);
    checks.push({ name: 'store', ok: false, detail: redact(e.message), exitCode: e.exitCode });
    return checks;
  }

  try {
    const channels = Object.keys(loaded.config.channels);
    const carriers = Object.keys(loaded.config.carriers);
    const wanted = options.names.length ? options.names : [...channels, ...carriers];
    for (const name of wanted) {
      if (channels.includes(name)) checks.push(await checkChannel(loaded, name, store, options));
      else if (carriers.includes(name)) checks.push(await checkCarrier(loaded, name, store, options));
      else checks.push({ name, ok: false, detail: `no channel or carrier named "${name}" in the config`, exitCode: 2 });
    }
  } finally {
    store.close();
  }
  return checks;
}

async function checkChannel(loaded: LoadedConfig, name: string, store: Store, options: DoctorOptions): Promise<DoctorCheck> {
  let opened;
  try {
    opened = await openChannel(loaded, name, store, options.log);
    const detail = await opened.channel.check();
    return { name: `channel ${name}`, ok: true, detail: redact(detail) };
  } catch (err) {
    const e = toIntegrError(err);
    return { name: `channel ${name}`, ok: false, detail: redact(e.message), exitCode: e.exitCode };
  } finally {
    await opened?.channel.close().catch(() => undefined);
  }
}

async function checkCarrier(loaded: LoadedConfig, name: string, store: Store, options: DoctorOptions): Promise<DoctorCheck> {
  const cfg = loaded.config.carriers[name];
  const def = findAdapter('carrier', cfg.type);
  if (!def) return { name: `carrier ${name}`, ok: false, detail: `unknown carrier type "${cfg.type}"`, exitCode: 2 };
  let carrier;
  try {
    const cache = { get: (k: string) => store.kv.get(`carrier:${name}:${k}`), set: (k: string, v: string) => store.kv.set(`carrier:${name}:${k}`, v) };
    carrier = await def.create(cfg, { name, log: options.log, cache });
    return { name: `carrier ${name}`, ok: true, detail: redact(await carrier.check()) };
  } catch (err) {
    const e = toIntegrError(err);
    return { name: `carrier ${name}`, ok: false, detail: redact(e.message), exitCode: e.exitCode };
  } finally {
    await carrier?.close().catch(() => undefined);
  }
}
