import { Option, type Command } from 'commander';
import { ExitCode } from '../errors.js';
import type { importWorkbook, ImportReport } from '../import/pipeline.js';
import { IMPORT_TYPES } from '../import/kinds.js';
import { withExamples } from './examples.js';
import { interruptSignal } from './interrupt.js';
import { action, type ActionResult } from './run.js';
import type { CliContext } from './context.js';

interface ImportFlags {
  type?: string;
  template?: string;
  sheet?: string;
  headerRow?: string;
  chunkSize?: string;
  warehouse?: string;
  onExisting?: string;
  dryRun?: boolean;
  limit?: string;
  errorsOut?: string;
  force?: boolean;
}

/** Exit code of a finished (or cancelled) import: 0, 3 with row errors, 4 when a dry run's real import would be refused, 130 when interrupted. */
export function importExitCode(r: ImportReport): ActionResult {
  if (r.status === 'cancelled') return ExitCode.INTERRUPTED;
  if (r.wouldBeRefused) return ExitCode.SAFETY;
  return r.rows.failed > 0 ? ExitCode.ITEM_ERRORS : ExitCode.OK;
}

/** Shared by `import` and `jobs resume`: progress on stderr, then the report. */
export async function runWithProgress(ctx: CliContext, label: string, run: (deps: Parameters<typeof importWorkbook>[0], signal: AbortSignal) => Promise<ImportReport>): Promise<ActionResult> {
  // Loaded here, not at the top: `integr --help` must not pay for the reader, the pipeline and cli-progress.
  const [{ importJson, renderImport }, { createRowProgress }] = await Promise.all([import('../output/import-report.js'), import('../output/progress.js')]);
  const { config } = await ctx.config();
  const store = await ctx.store();
  const progress = createRowProgress(ctx.out, label);
  const interrupt = interruptSignal(ctx.out, 'the current chunk (committed rows are kept)');
  let report: ImportReport;
  try {
    report = await run({ store, config, log: ctx.out, progress: progress?.update }, interrupt.signal);
  } finally {
    progress?.stop();
    interrupt.dispose();
  }
  if (ctx.opts.json) ctx.out.emitJson(importJson(report));
  else ctx.out.result(renderImport(report));
  return importExitCode(report);
}

export function registerImport(program: Command): void {
  withExamples(
    program
      .command('import')
      .description('import an .xlsx workbook (products, stock, stock adjustments or orders) into the store')
      .argument('<file.xlsx>', 'the workbook')
      .addOption(new Option('--type <type>', 'what the sheet holds (default: inferred from the headers)').choices([...IMPORT_TYPES]))
      .option('--template <name|path>', 'import template: a name from `integr templates list` or a .json file')
      .option('--sheet <name|index>', 'sheet name or 1-based index (default: the first visible worksheet)')
      .option('--header-row <n>', 'row number of the headers (default: found in the first 20 rows)')
      .option('--chunk-size <n>', 'rows per transaction (default: import.chunkSize, 100)')
      .option('--warehouse <code>', 'warehouse for stock when the sheet has no warehouse column', 'MAIN')
      .addOption(new Option('--on-existing <mode>', 'rows whose SKU/order already exists').choices(['update', 'skip']).default('update'))
      .option('--dry-run', 'read and validate everything, write nothing, report what would change')
      .option('--limit <n>', 'stop after n data rows')
      .option('--errors-out <file.xlsx>', 'write the failed rows (original columns + Error) to this workbook')
      .option('--force', 'import a stock-adjust file that a job already applied (adds its deltas again)'),
    [
      'integr import templates/samples/products.xlsx',
      'integr import stok.xlsx --type stock --warehouse IST',
      'integr import export.xlsx --sheet "Ürünler" --header-row 3 --dry-run',
      'integr import orders.xlsx --errors-out orders-errors.xlsx --json',
    ],
  ).action(
    action(async (ctx, file: string, flags: ImportFlags) =>
      runWithProgress(ctx, 'import', async (deps, signal) =>
        (await import('../import/pipeline.js')).importWorkbook(
          deps,
          file,
          {
            type: flags.type,
            template: flags.template,
            sheet: flags.sheet,
            headerRow: flags.headerRow,
            chunkSize: flags.chunkSize,
            warehouse: flags.warehouse,
            onExisting: flags.onExisting,
            dryRun: flags.dryRun,
            limit: flags.limit,
            errorsOut: flags.errorsOut,
            force: flags.force,
          },
          signal,
          { explainRows: ctx.opts.json ? Number.POSITIVE_INFINITY : 20 },
        ),
      ),
    ),
  );
}
