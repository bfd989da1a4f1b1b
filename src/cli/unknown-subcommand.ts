import type { Command } from 'commander';
import { closest } from '../config/format-issues.js';
import { defaultSubcommand } from './examples.js';

/**
 * `integr jobs resmue 1` runs the default sub-command (`list`) with two stray operands, and
 * commander would say "too many arguments for 'list'". A default sub-command that takes no
 * arguments instead names the word as an unknown sub-command of its group, with a suggestion.
 */
export function refuseStrayOperands(group: Command): void {
  const name = defaultSubcommand(group);
  const dflt = name ? group.commands.find((c) => c.name() === name) : undefined;
  if (!dflt || dflt.registeredArguments.length > 0) return;
  dflt.allowExcessArguments(true);
  dflt.hook('preAction', (cmd) => {
    const word = cmd.args[0];
    if (word === undefined) return;
    const names = group.commands.map((c) => c.name());
    const close = closest(word, names);
    const hint = close ? ` (did you mean ${close}?)` : ` (its sub-commands: ${names.join(', ')})`;
    cmd.error(`error: unknown command '${group.name()} ${word}'${hint}`, { code: 'commander.unknownCommand', exitCode: 2 });
  });
}
