// `integr daemon` as a child process for the process tests: its JSON log lines parsed as they come,
// waits on observable events (log lines, store rows) with generous timeouts, and a kill-all for afterAll.
import { spawn, type ChildProcess } from 'node:child_process';
import { Store } from '../../src/store/store.js';
import { BIN } from '../helpers/cli.js';

export interface DaemonProcess {
  child: ChildProcess;
  events: Record<string, unknown>[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  hasExited(): boolean;
  stderr(): string;
}

export type EventMatch = (e: Record<string, unknown>) => boolean;

export const WAIT_MS = 45_000;

const children: ChildProcess[] = [];

export function startDaemonProcess(cwd: string, args: string[] = [], extraEnv: Record<string, string> = {}): DaemonProcess {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...process.env, NO_COLOR: '1', CI: 'true', ...extraEnv })) if (v !== undefined) env[k] = v;
  const child = spawn(process.execPath, [BIN, 'daemon', ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  const events: Record<string, unknown>[] = [];
  let text = '';
  let partial = '';
  let done = false;
  child.stderr!.on('data', (d: Buffer) => {
    text += d;
    partial += d;
    const lines = partial.split('\n');
    partial = lines.pop() ?? '';
    // Not a TTY, so every line is one JSON object.
    for (const line of lines) if (line.trim()) events.push(JSON.parse(line) as Record<string, unknown>);
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((res) =>
    child.on('exit', (code, signal) => {
      done = true;
      res({ code, signal });
    }),
  );
  return { child, events, exited, hasExited: () => done, stderr: () => text };
}

/** Kill (SIGKILL) every daemon child still running; for afterAll. */
export function killDaemonProcesses(): void {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
}

/** The first event (from any of the daemons) that matches, polling their logs. */
export async function waitForEvent(daemons: DaemonProcess[], what: string, match: EventMatch, timeoutMs = WAIT_MS): Promise<Record<string, unknown>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const d of daemons) {
      const e = d.events.find(match);
      if (e) return e;
    }
    const dead = daemons.find((d) => d.hasExited());
    if (dead || Date.now() > deadline) {
      throw new Error(`${dead ? 'a daemon exited' : 'timed out'} waiting for ${what}; stderr:\n${daemons.map((d) => d.stderr().slice(-2000)).join('\n---\n')}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Poll the store (opened and closed each time, beside the daemon) until read() gives a value. */
export async function untilStore<T>(path: string, what: string, read: (s: Store) => T | undefined, timeoutMs = WAIT_MS): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const s = Store.open(path);
    try {
      const v = read(s);
      if (v !== undefined) return v;
    } finally {
      s.close();
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export async function until(check: () => boolean, what: string, timeoutMs = WAIT_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** One sample's value from a Prometheus text page (NaN when the series is absent). */
export function metricValue(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(series + ' '));
  return line ? Number(line.slice(series.length + 1)) : NaN;
}
