import { Chalk, type ChalkInstance } from 'chalk';

/** Colour is on only for a TTY, and off for NO_COLOR or --no-color. */
export function makeColors(stream: NodeJS.WriteStream, enabled: boolean): ChalkInstance {
  const wanted = enabled && !process.env.NO_COLOR && stream.isTTY === true;
  return new Chalk({ level: wanted ? 1 : 0 });
}
