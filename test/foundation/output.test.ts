import { afterEach, describe, expect, it } from 'vitest';
import { makeColors } from '../../src/output/colors.js';
import { Output, type OutputOptions } from '../../src/output/output.js';
import { forgetSecretsForTests, registerSecret } from '../../src/config/redact.js';

class FakeStream {
  text = '';
  constructor(readonly isTTY: boolean) {}
  write(chunk: string): boolean {
    this.text += chunk;
    return true;
  }
}
const stream = (tty: boolean) => new FakeStream(tty) as unknown as NodeJS.WriteStream & FakeStream;
const ESC = '\u001b[';

const saved = { NO_COLOR: process.env.NO_COLOR, CI: process.env.CI };
afterEach(() => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  forgetSecretsForTests();
});

describe('colours', () => {
  it('on for a terminal; off when not a terminal, with --no-color, or with NO_COLOR', () => {
    delete process.env.NO_COLOR;
    expect(makeColors(stream(true), true).red('x')).toContain(ESC);
    expect(makeColors(stream(false), true).red('x')).toBe('x');
    expect(makeColors(stream(true), false).red('x')).toBe('x');
    process.env.NO_COLOR = '1';
    expect(makeColors(stream(true), true).red('x')).toBe('x');
  });

  it('an empty NO_COLOR does not count (no-color.org)', () => {
    process.env.NO_COLOR = '';
    expect(makeColors(stream(true), true).red('x')).toContain(ESC);
  });

  it('with --json, stdout never gets colour even on a terminal; stderr may', () => {
    delete process.env.NO_COLOR;
    const out = new Output(opts({ json: true }), stream(true), stream(true));
    expect(out.c.green('ok')).toBe('ok');
    expect(out.cErr.green('ok')).toContain(ESC);
  });
});

function opts(o: Partial<OutputOptions> = {}): OutputOptions {
  return { json: false, quiet: false, verbose: false, color: true, progress: true, ...o };
}

describe('Output', () => {
  it('without --json: results on stdout, information on stderr', () => {
    const [so, se] = [stream(false), stream(false)];
    const out = new Output(opts(), so, se);
    out.result('the table');
    out.info('3 rows');
    out.verbose('hidden');
    expect(so.text).toBe('the table\n');
    expect(se.text).toBe('3 rows\n');
  });

  it('with --json: stdout carries only the JSON document', () => {
    const [so, se] = [stream(false), stream(false)];
    const out = new Output(opts({ json: true }), so, se);
    out.result('the table');
    out.info('3 rows');
    out.warn('careful');
    out.emitJson({ sku: '0012' });
    expect(JSON.parse(so.text)).toEqual({ sku: '0012' });
    expect(se.text).toBe('3 rows\nwarning: careful\n');
  });

  it('--quiet drops information but keeps results, warnings and errors; --verbose adds detail', () => {
    const [so, se] = [stream(false), stream(false)];
    const quiet = new Output(opts({ quiet: true }), so, se);
    quiet.info('3 rows');
    quiet.result('done');
    quiet.warn('careful');
    quiet.errorLine('integr: failed');
    expect(so.text).toBe('done\n');
    expect(se.text).toBe('warning: careful\nintegr: failed\n');
    const ve = stream(false);
    new Output(opts({ verbose: true }), stream(false), ve).verbose('store: /x.db');
    expect(ve.text).toBe('store: /x.db\n');
  });

  it('progress bars only on a terminal outside CI, never with --no-progress or --quiet', () => {
    delete process.env.CI;
    expect(new Output(opts(), stream(false), stream(true)).interactiveProgress).toBe(true);
    expect(new Output(opts(), stream(false), stream(false)).interactiveProgress).toBe(false);
    expect(new Output(opts({ progress: false }), stream(false), stream(true)).interactiveProgress).toBe(false);
    expect(new Output(opts({ quiet: true }), stream(false), stream(true)).interactiveProgress).toBe(false);
    process.env.CI = 'true';
    expect(new Output(opts(), stream(false), stream(true)).interactiveProgress).toBe(false);
    expect(new Output(opts(), stream(false), stream(true)).progressEnabled).toBe(true);
  });

  it('every channel is redacted, including JSON-escaped secrets in emitJson', () => {
    const secret = 'pa"ss\\word-123';
    registerSecret(secret);
    const [so, se] = [stream(false), stream(false)];
    const out = new Output(opts({ verbose: true }), so, se);
    out.result(`key=${secret}`);
    out.verbose(`using ${secret}`);
    out.warn(`bad ${secret}`);
    out.errorLine(`failed for ${secret}`);
    out.emitJson({ message: `echo ${secret}` });
    expect(so.text).not.toContain('pa"ss');
    expect(so.text).not.toContain('pa\\"ss');
    expect(se.text).not.toContain('pa"ss');
    expect(so.text).toContain('key=****');
    expect(JSON.parse(so.text.slice(so.text.indexOf('{'))).message).toBe('echo ****');
    expect(se.text).toBe('using ****\nwarning: bad ****\nfailed for ****\n');
  });
});
