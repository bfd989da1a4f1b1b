import type { Command } from 'commander';

const examplesOf = new WeakMap<Command, string[]>();

/** Every command's --help ends with example lines (sqlite-utils style: help that teaches). */
export function withExamples(cmd: Command, examples: string[]): Command {
  examplesOf.set(cmd, examples);
  return cmd.addHelpText('after', '\nExamples:\n' + examples.map((e) => `  $ ${e}`).join('\n'));
}

function commandPath(cmd: Command): string {
  const names: string[] = [];
  for (let c: Command | null = cmd; c; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

/** commander keeps the `{ isDefault: true }` sub-command's name on the parent. */
export const defaultSubcommand = (cmd: Command): string | undefined => (cmd as unknown as { _defaultCommandName?: string })._defaultCommandName;

/**
 * Fill in examples where a command declares none, so every --help ends with something to copy:
 * a group (`integr jobs`) shows its sub-commands' first examples, and a sub-command (`integr jobs
 * show`) shows its group's examples that run it (`integr jobs` too, for the default sub-command).
 */
export function addGroupExamples(cmd: Command): void {
  const parent = cmd.parent;
  if (parent && !examplesOf.has(cmd)) {
    const own = commandPath(cmd);
    const groupPath = commandPath(parent);
    const isDefault = defaultSubcommand(parent) === cmd.name();
    // `integr jobs` or `integr jobs --limit 5` runs the default sub-command; `integr jobs show 1` does not.
    const runsDefault = (e: string) => e === groupPath || e.startsWith(`${groupPath} -`);
    const runsIt = (e: string) => e === own || e.startsWith(`${own} `) || (isDefault && runsDefault(e));
    const fromGroup = (examplesOf.get(parent) ?? []).filter(runsIt);
    if (fromGroup.length) withExamples(cmd, fromGroup);
  }
  for (const sub of cmd.commands) addGroupExamples(sub);
  if (parent && !examplesOf.has(cmd) && cmd.commands.length) {
    const gathered = cmd.commands.flatMap((sub) => examplesOf.get(sub)?.slice(0, 1) ?? []);
    if (gathered.length) withExamples(cmd, gathered);
  }
}
