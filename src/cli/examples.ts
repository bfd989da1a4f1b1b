import type { Command } from 'commander';

const examplesOf = new WeakMap<Command, string[]>();

/** Every command's --help ends with example lines (sqlite-utils style: help that teaches). */
export function withExamples(cmd: Command, examples: string[]): Command {
  examplesOf.set(cmd, examples);
  return cmd.addHelpText('after', '\nExamples:\n' + examples.map((e) => `  $ ${e}`).join('\n'));
}

/**
 * A command group (`integr runs`, `integr jobs`) that declares no examples of its own shows its
 * sub-commands' first examples, so every --help ends with something to copy.
 */
export function addGroupExamples(cmd: Command): void {
  for (const sub of cmd.commands) addGroupExamples(sub);
  if (examplesOf.has(cmd) || cmd.commands.length === 0 || !cmd.parent) return;
  const gathered = cmd.commands.flatMap((sub) => examplesOf.get(sub)?.slice(0, 1) ?? []);
  if (gathered.length) withExamples(cmd, gathered);
}
