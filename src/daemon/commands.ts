import type { LoadedConfig } from '../config/load.js';
import { IMPORT_USAGE, parseImport } from './import-command.js';
import type { Job } from './job.js';
import { RunLineProblem, splitRunLine } from './run-line.js';
import { parseShipmentsSync, SHIPMENTS_SYNC_USAGE } from './shipments-command.js';
import { parseSync, SYNC_USAGE } from './sync-command.js';

/** One entry per command a schedule may run. */
interface CommandKind {
  /** The words that start the line, e.g. ['shipments', 'sync']. */
  words: string[];
  usage: string;
  parse(args: string[], loaded: LoadedConfig): Omit<Job, 'line'>;
}

const commandKinds: CommandKind[] = [
  { words: ['sync'], usage: SYNC_USAGE, parse: parseSync },
  { words: ['import'], usage: IMPORT_USAGE, parse: parseImport },
  { words: ['shipments', 'sync'], usage: SHIPMENTS_SYNC_USAGE, parse: parseShipmentsSync },
];

/** Parse a schedule's `run` line into a job; throws RunLineProblem saying what is wrong. */
export function parseRunLine(line: string, loaded: LoadedConfig): Job {
  let words = splitRunLine(line);
  // "integr sync wix" reads naturally in a config; the program name adds nothing.
  if (words[0] === 'integr') words = words.slice(1);
  if (!words.length) throw new RunLineProblem('the run line is empty');
  const kind = commandKinds
    .filter((k) => k.words.every((w, i) => words[i] === w))
    .sort((a, b) => b.words.length - a.words.length)[0];
  if (!kind) {
    // "shipments create" starts like "shipments sync": name both words, not just the first.
    const command = commandKinds.some((k) => k.words.length > 1 && k.words[0] === words[0]) && words[1] !== undefined ? `${words[0]} ${words[1]}` : words[0];
    throw new RunLineProblem(`"${command}" cannot be scheduled; a schedule runs one of: ${commandKinds.map((k) => k.words.join(' ')).join(', ')}`);
  }
  return { ...kind.parse(words.slice(kind.words.length), loaded), line };
}
