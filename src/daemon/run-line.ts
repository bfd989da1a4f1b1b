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
