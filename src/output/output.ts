import type { ChalkInstance } from 'chalk';
import { redact } from '../config/redact.js';
import { makeColors } from './colors.js';

export interface OutputOptions {
  json: boolean;
  quiet: boolean;
  verbose: boolean;
  color: boolean;
  progress: boolean;
}

/**
 * Where everything a command says goes. With --json, stdout carries exactly one JSON document
 * and everything for people goes to stderr; without it, results go to stdout.
 */
export class Output {
  readonly c: ChalkInstance;
  readonly cErr: ChalkInstance;
  constructor(
    readonly opts: OutputOptions,
    private readonly stdout: NodeJS.WriteStream = process.stdout,
    private readonly stderr: NodeJS.WriteStream = process.stderr,
  ) {
    this.c = makeColors(stdout, opts.color && !opts.json);
    this.cErr = makeColors(stderr, opts.color);
  }

  get json(): boolean {
    return this.opts.json;
  }

  /** Progress bars only on a TTY outside CI; otherwise callers print plain lines. */
  get interactiveProgress(): boolean {
    return this.opts.progress && !this.opts.quiet && this.stderr.isTTY === true && !process.env.CI;
  }

  get progressEnabled(): boolean {
    return this.opts.progress && !this.opts.quiet;
  }

  /** The command's result for people (stdout); suppressed with --json. */
  result(text: string): void {
    if (this.opts.json) return;
    this.stdout.write(redact(text) + (text.endsWith('\n') ? '' : '\n'));
  }

  /** The command's result for scripts: one JSON document on stdout. */
  emitJson(doc: unknown): void {
    this.stdout.write(redact(JSON.stringify(doc, null, 2)) + '\n');
  }

  /** Informational line for people, on stderr. */
  info(text: string): void {
    if (this.opts.quiet) return;
    this.stderr.write(redact(text) + '\n');
  }

  warn(text: string): void {
    this.stderr.write(redact(this.cErr.yellow('warning: ') + text) + '\n');
  }

  verbose(text: string): void {
    if (!this.opts.verbose) return;
    this.stderr.write(redact(this.cErr.dim(text)) + '\n');
  }

  errorLine(text: string): void {
    this.stderr.write(redact(text) + '\n');
  }

  get stderrStream(): NodeJS.WriteStream {
    return this.stderr;
  }
}
