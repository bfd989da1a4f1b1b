import { Command, CommanderError, Option } from 'commander';
import { version } from './version.js';
import { ExitCode } from './errors.js';
import { registerInit } from './cli/init.js';
import { registerConfig } from './cli/config.js';
import { registerDoctor } from './cli/doctor.js';
import { registerStock } from './cli/stock.js';
import { registerProducts } from './cli/products.js';
import { registerSync } from './cli/sync.js';
import { registerRuns } from './cli/runs.js';
import { registerImport } from './cli/import.js';
import { registerJobs } from './cli/jobs.js';
import { registerTemplates } from './cli/templates.js';
import { registerShipments } from './cli/shipments.js';
import { registerStatus } from './cli/status.js';
import { registerDaemon } from './cli/daemon.js';

/** Commands register themselves here; each file in src/cli/ holds one command. */
const registrations: Array<(program: Command) => void> = [
  registerInit,
  registerConfig,
  registerDoctor,
  registerStock,
  registerProducts,
  registerImport,
  registerJobs,
  registerTemplates,
  registerSync,
  registerRuns,
  registerShipments,
  registerStatus,
  registerDaemon,
];

export function buildProgram(): Command {
  const program = new Command('integr')
    .description('Import Excel workbooks into a local SQLite store and sync stock to sales channels and carriers.')
    .version(version, '-V, --version', 'print the integr version')
    .option('-c, --config <path>', 'config file (default: discover .integrationsrc and friends)')
    .option('--db <path>', 'SQLite store (overrides store.path; default ./.integr/integr.db)')
    .option('--json', 'print one JSON document on stdout; human text and progress go to stderr')
    .option('--no-progress', 'no progress bars or progress lines')
    .option('--no-color', 'no colours (also NO_COLOR, and whenever output is not a terminal)')
    .addOption(new Option('-q, --quiet', 'only errors and results').conflicts('verbose'))
    .option('-v, --verbose', 'more detail on stderr (secrets are always masked)')
    .showHelpAfterError('(run with --help for usage)')
    .configureHelp({ sortSubcommands: false, showGlobalOptions: true })
    .exitOverride();
  program.addHelpText(
    'after',
    `
Exit codes: 0 ok · 1 unexpected · 2 usage/config · 3 row or item errors · 4 refused by a safety rule or drift · 5 remote unreachable/credentials · 130 interrupted

Examples:
  $ integr import products.xlsx
  $ integr sync sandbox --dry-run
  $ integr stock --json`,
  );
  for (const register of registrations) register(program);
  // Sub-commands inherit exitOverride so usage errors map to exit 2 everywhere.
  for (const cmd of program.commands) {
    cmd.exitOverride();
    for (const sub of cmd.commands) sub.exitOverride();
  }
  return program;
}

export async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  const wantsJson = argv.includes('--json');
  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') {
        process.exitCode = ExitCode.OK;
        return;
      }
      // commander already printed its message on stderr
      if (wantsJson) process.stdout.write(JSON.stringify({ error: { code: 'USAGE', message: err.message.replace(/^error: /, '') } }, null, 2) + '\n');
      process.exitCode = ExitCode.USAGE;
      return;
    }
    throw err;
  }
}
