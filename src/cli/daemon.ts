import type { Command } from 'commander';
import { action } from './run.js';
import { withExamples } from './examples.js';
import { usageError } from '../errors.js';

export function registerDaemon(program: Command): void {
  withExamples(
    program
      .command('daemon')
      .option('--health-port <port>', 'serve GET /healthz and GET /metrics on 127.0.0.1:<port> (0: any free port; overrides daemon.healthPort)')
      .description('run the config\'s `schedules` until SIGTERM/SIGINT (logs on stderr: JSON lines unless it is a terminal)'),
    ['integr daemon', 'integr daemon --health-port 9464', 'curl -s 127.0.0.1:9464/healthz', 'integr status'],
  ).action(
    action(async (ctx, opts: { healthPort?: string }) => {
      let healthPort: number | undefined;
      if (opts.healthPort !== undefined) {
        healthPort = Number(opts.healthPort);
        if (!Number.isInteger(healthPort) || healthPort < 0 || healthPort > 65535) throw usageError(`--health-port must be a port number 0-65535, got "${opts.healthPort}"`);
      }
      const loaded = await ctx.config();
      const store = await ctx.store();
      // Loaded here, not at start-up: `integr --help` need not load the scheduler.
      const [{ runDaemon }, { defaultCores }, { createDaemonLog }] = await Promise.all([import('../daemon/daemon.js'), import('../daemon/cores.js'), import('../daemon/log.js')]);
      const log = createDaemonLog(process.stderr, { json: ctx.opts.json || undefined, verbose: ctx.opts.verbose, quiet: ctx.opts.quiet });
      return runDaemon({ loaded, store, cores: defaultCores, log, healthPort });
    }),
  );
}
