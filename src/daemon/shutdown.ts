const SHUTDOWN_SIGNALS: NodeJS.Signals[] = ['SIGTERM', 'SIGINT'];

export interface ShutdownSignals {
  /** Resolves with the next SIGTERM or SIGINT (each call waits for a new one, or returns one that came already). */
  next(): Promise<NodeJS.Signals>;
  dispose(): void;
}

/**
 * Take over SIGTERM and SIGINT (so Node does not exit on them) and hand them out in order: the daemon
 * treats the first as "stop gracefully" and the second as "leave now".
 */
export function onShutdownSignals(): ShutdownSignals {
  const queued: NodeJS.Signals[] = [];
  const waiting: ((s: NodeJS.Signals) => void)[] = [];
  const handler = (signal: NodeJS.Signals) => {
    const w = waiting.shift();
    if (w) w(signal);
    else queued.push(signal);
  };
  for (const s of SHUTDOWN_SIGNALS) process.on(s, handler);
  return {
    next: () => {
      const q = queued.shift();
      return q ? Promise.resolve(q) : new Promise((res) => waiting.push(res));
    },
    dispose: () => {
      for (const s of SHUTDOWN_SIGNALS) process.off(s, handler);
    },
  };
}
