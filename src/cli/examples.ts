import type { Command } from 'commander';

/** Every command's --help ends with example lines (sqlite-utils style: help that teaches). */
export function withExamples(cmd: Command, examples: string[]): Command {
  return cmd.addHelpText('after', '\nExamples:\n' + examples.map((e) => `  $ ${e}`).join('\n'));
}
