import type { Command } from 'commander';
import { action } from './run.js';
import { withExamples } from './examples.js';
import { interruptSignal } from './interrupt.js';
import { usageError, type ExitCodeValue } from '../errors.js';
import type { SyncMode, SyncProgress } from '../sync/types.js';
import type { ProgressReporter } from '../output/progress.js';
import type { Output } from '../output/output.js';

interface SyncFlags {
  all?: boolean;
  dryRun?: boolean;
  check?: boolean;
  sku?: string[];
  maxChanges?: string;
  force?: boolean;
  yes?: boolean;
  wait?: string;
}

/**
 * Progress of each phase (read, write, poll) through the shared row progress: a bar on a terminal,
 * otherwise a plain line at most every 5 s; never on stdout.
 */
function phaseProgress(out: Output, createRowProgress: typeof import('../output/progress.js').createRowProgress) {
  let key = '';
  let current: ProgressReporter | undefined;
  return {
    update(p: SyncProgress) {
      const k = `${p.channel} ${p.phase}`;
      if (k !== key) {
        current?.stop();
        key = k;
        current = createRowProgress(out, k);
      }
      current?.update({ rows: p.done, failed: 0, estimatedTotal: p.total });
    },
    stop: () => current?.stop(),
  };
}

export function registerSync(program: Command): void {
  withExamples(
    program
      .command('sync')
      .argument('[channel...]', 'channels to sync (names under `channels:` in the config)')
      .option('--all', 'sync every configured channel (one failing does not stop the others)')
      .option('--dry-run', 'read and plan; make no remote write; print the plan')
      .option('--check', 'read-only drift check: exit 0 when in sync, 4 when differences exist')
      .option('--sku <sku...>', 'only these SKUs')
      .option('--max-changes <n>', 'refuse a plan with more changes than n (overrides safety.maxChanges)')
      .option('--force', 'push even when a safety rule (maxChanges, maxZeroRatio) would refuse')
      .option('--yes', 'do not ask for confirmation (integr never prompts; accepted for scripts)')
      .option('--wait <seconds>', 'wait up to this long for another sync of the same channel to finish', '0')
      .description('push local stock to channels: read remote, plan the differences, push only those'),
    ['integr sync sandbox --dry-run', 'integr sync wix', 'integr sync --all --json', 'integr sync wix --check', 'integr sync trendyol --sku SKU-1 SKU-2 --max-changes 10'],
  ).action(
    action(async (ctx, channels: string[], flags: SyncFlags) => {
      if (flags.all && channels.length) throw usageError('give channel names or --all, not both');
      if (!flags.all && !channels.length) throw usageError('which channel? name one (e.g. `integr sync sandbox`) or use --all');
      if (flags.dryRun && flags.check) throw usageError('--dry-run and --check are exclusive (--check is already read-only)');
      let maxChanges: number | undefined;
      if (flags.maxChanges !== undefined) {
        maxChanges = Number(flags.maxChanges);
        if (!Number.isInteger(maxChanges) || maxChanges < 0) throw usageError(`--max-changes must be a whole number >= 0, got "${flags.maxChanges}"`);
      }
      const wait = Number(flags.wait ?? 0);
      if (!Number.isFinite(wait) || wait < 0) throw usageError(`--wait must be a number of seconds >= 0, got "${flags.wait}"`);
      const mode: SyncMode = flags.check ? 'check' : flags.dryRun ? 'dry-run' : 'push';
      // Loaded here, not at the top: `integr --help` must not pay for the engine and the adapters.
      const [{ syncChannels }, { renderSyncReport }, { createRowProgress }] = await Promise.all([
        import('../sync/engine.js'),
        import('../output/sync-report.js'),
        import('../output/progress.js'),
      ]);
      const loaded = await ctx.config();
      const store = await ctx.store();
      const progress = phaseProgress(ctx.out, createRowProgress);
      const interrupt = interruptSignal(ctx.out, 'the current batch (it is journalled)');
      try {
        const reports = await syncChannels(
          { loaded, store, log: ctx.out },
          flags.all ? 'all' : channels,
          { mode, skus: flags.sku, maxChanges, force: flags.force, signal: interrupt.signal, trigger: 'cli', lockWaitMs: wait * 1000, onProgress: progress.update },
        );
        if (ctx.opts.json) ctx.out.emitJson({ channels: reports.map(({ exitCode: _e, ...r }) => r) });
        else ctx.out.result(reports.map((r) => renderSyncReport(r, ctx.out.c)).join('\n\n'));
        // The most serious outcome decides the exit code (130 > 5 > 4 > 3 > ...).
        return Math.max(0, ...reports.map((r) => r.exitCode)) as ExitCodeValue;
      } finally {
        progress.stop();
        interrupt.dispose();
      }
    }),
  );
}
