import { parseArgs, type ParseArgsConfig } from 'node:util';

/** A problem with a schedule's `run` line, said in words; the validator prefixes which schedule. */
export class RunLineProblem extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RunLineProblem';
  }
}

/**
 * Split a `run` line into words the way a shell would for plain words and quotes ('single' literal,
 * "double" with \" and \\), and nothing more: no variables, globs or pipes, because nothing is ever
 * handed to a shell.
 */
export function splitRunLine(line: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quote === "'") {
      if (ch === "'") quote = null;
      else word += ch;
    } else if (quote === '"') {
      if (ch === '"') quote = null;
      else if (ch === '\\' && (line[i + 1] === '"' || line[i + 1] === '\\')) word += line[++i];
      else word += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      inWord = true;
    } else if (ch === '\\' && i + 1 < line.length) {
      word += line[++i];
      inWord = true;
    } else if (/\s/.test(ch)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += ch;
      inWord = true;
    }
  }
  if (quote) throw new RunLineProblem(`unterminated ${quote === '"' ? 'double' : 'single'} quote in "${line}"`);
  if (inWord) words.push(word);
  return words;
}

/** Parse a command's flags strictly (unknown options and missing values are problems, said in words). */
export function parseFlags<T extends NonNullable<ParseArgsConfig['options']>>(command: string, args: string[], options: T, usage: string) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (err) {
    const e = err as { code?: string; message: string };
    const flag = /'([^']+)'/.exec(e.message)?.[1];
    if (e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') throw new RunLineProblem(`${command}: unknown option ${flag ?? ''} (usage: ${usage})`);
    if (e.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') throw new RunLineProblem(`${command}: option ${flag?.split(' ')[0] ?? ''} needs a value (usage: ${usage})`);
    throw new RunLineProblem(`${command}: ${e.message}`);
  }
}
