import type { Command } from 'commander';
import { defaultSubcommand } from './examples.js';

/** Levenshtein distance, for "did you mean" among a handful of sub-command names. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length];
}

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
    const close = names.filter((n) => distance(n, word) <= Math.max(1, Math.floor(n.length / 3)));
    const hint = close.length ? ` (did you mean ${close.join(' or ')}?)` : ` (its sub-commands: ${names.join(', ')})`;
    cmd.error(`error: unknown command '${group.name()} ${word}'${hint}`, { code: 'commander.unknownCommand', exitCode: 2 });
  });
}
