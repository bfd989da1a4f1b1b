import { Command, CommanderError, Option } from 'commander';
import { version } from './version.js';
import { ExitCode } from './errors.js';
import { addGroupExamples } from './cli/examples.js';
import { refuseStrayOperands } from './cli/unknown-subcommand.js';
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
    // Same prefix as every other integr error line (src/cli/run.ts), on stderr.
    .configureOutput({ outputError: (str, write) => write(usageMessage(str) + '\n') })
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
  // Commands made with .command() inherit these settings; ones added with .addCommand() do not.
  const inherit = (cmd: Command): void => {
    for (const sub of cmd.commands) {
      sub.exitOverride();
      sub.configureOutput(program.configureOutput());
      sub.showHelpAfterError('(run with --help for usage)');
      refuseStrayOperands(sub);
      inherit(sub);
    }
  };
  inherit(program);
  addGroupExamples(program);
  return program;
}

/** commander's "error: unknown command 'x'\n(Did you mean y?)" as one integr line. */
function usageMessage(text: string): string {
  return text
    .trim()
    .replace(/^error: /, 'integr: ')
    .replace(/\n\(Did you mean (.+)\?\)$/, ' (did you mean $1?)');
}

/** `--json` as an option (not after `--`, where it would be an argument). */
function jsonRequested(argv: string[]): boolean {
  const end = argv.indexOf('--');
  return (end === -1 ? argv : argv.slice(0, end)).includes('--json');
}

/** Run the CLI; `program` is for tests that need a command the real CLI does not have. */
export async function main(argv: string[], program: Command = buildProgram()): Promise<void> {
  // `integr products | head` closes stdout early; that is not a failure worth a stack trace.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? ExitCode.OK);
    throw err;
  });
  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (!(err instanceof CommanderError)) {
      // Command actions report their own failures (src/cli/run.ts); this is a bug outside any of them.
      const { redact } = await import('./config/redact.js');
      process.stderr.write(`integr: unexpected failure: ${redact(err instanceof Error ? err.message : String(err))}\n`);
      process.exitCode = ExitCode.UNEXPECTED;
      return;
    }
    // --help, --version, `integr help`: done. Help shown because a command was missing: usage error.
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || (err.code === 'commander.help' && err.exitCode === 0)) {
      process.exitCode = ExitCode.OK;
      return;
    }
    const message = err.code === 'commander.help' ? 'a command is required' : usageMessage(err.message).replace(/^integr: /, '');
    // commander has already written the message for people on stderr
    if (jsonRequested(argv)) process.stdout.write(JSON.stringify({ error: { code: 'USAGE', message } }, null, 2) + '\n');
    process.exitCode = ExitCode.USAGE;
  }
}
