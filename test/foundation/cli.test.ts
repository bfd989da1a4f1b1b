import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from '../helpers/cli.js';
import { json, project, type Project } from './project.js';

let p: Project;
beforeAll(() => (p = project()));
afterAll(() => p.cleanup());

const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

/** Every command path, read from the real program (so commands added later are covered too). */
async function commandPaths(): Promise<string[][]> {
  const { buildProgram } = (await import(pathToFileURL(join(ROOT, 'dist/src/cli.js')).href)) as typeof import('../../src/cli.js');
  const out: string[][] = [];
  const walk = (cmd: ReturnType<typeof buildProgram>, path: string[]) => {
    for (const sub of cmd.commands) {
      out.push([...path, sub.name()]);
      walk(sub, [...path, sub.name()]);
    }
  };
  walk(buildProgram(), []);
  return out;
}

describe('CLI basics', () => {
  it('--version prints the package version', async () => {
    for (const flag of ['--version', '-V']) {
      const r = await p.run([flag]);
      expect(r.code).toBe(0);
      expect(r.stdout.trim()).toBe(version);
    }
  });

  it('--help lists every global option of the SPEC, the exit codes and examples', async () => {
    const r = await p.run(['--help']);
    expect(r.code).toBe(0);
    for (const opt of ['-c, --config <path>', '--db <path>', '--json', '--no-progress', '--no-color', '-q, --quiet', '-v, --verbose', '-V, --version', '-h, --help']) {
      expect(r.stdout).toContain(opt);
    }
    expect(r.stdout).toContain('Exit codes: 0 ok');
    expect(r.stdout).toMatch(/Examples:\n {2}\$ integr /);
  });

  it('every command has --help with at least one example line, and shows the global options', async () => {
    const paths = await commandPaths();
    expect(paths.map((x) => x.join(' '))).toEqual(expect.arrayContaining(['init', 'config', 'config check', 'doctor', 'stock', 'products']));
    for (const path of paths) {
      const r = await p.run([...path, '--help']);
      expect(r.code, path.join(' ')).toBe(0);
      expect(r.stdout, path.join(' ')).toMatch(new RegExp(`Usage: integr ${path.join(' ')}`));
      expect(r.stdout, `${path.join(' ')} --help has no example`).toMatch(/Examples:\n {2}\$ integr \S/);
      expect(r.stdout).toContain('Global Options:');
    }
  });

  it('no command: help on stderr, exit 2 (and a JSON error with --json)', async () => {
    const r = await p.run([]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('Usage: integr');
    const j = await p.run(['--json']);
    expect(j.code).toBe(2);
    expect(json(j)).toEqual({ error: { code: 'USAGE', message: 'a command is required' } });
    const sub = await p.run(['config']);
    expect(sub.code).toBe(2);
    expect(sub.stderr).toContain('Usage: integr config');
  });

  it('`integr help` and `integr help <command>` exit 0', async () => {
    expect((await p.run(['help'])).code).toBe(0);
    const r = await p.run(['help', 'stock']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: integr stock');
  });
});

describe("commander's usage errors exit 2, with a JSON error under --json", () => {
  const cases: Array<[string, string[], string]> = [
    ['unknown option', ['stock', '--bogus'], "unknown option '--bogus'"],
    ['unknown global option', ['--bogus', 'stock'], "unknown option '--bogus'"],
    ['unknown command, with did-you-mean', ['stonk'], "unknown command 'stonk' (did you mean stock?)"],
    // A typo after a group runs its default sub-command (list) no more: it is an unknown sub-command.
    ['unknown sub-command, with did-you-mean', ['jobs', 'resmue', '1'], "unknown command 'jobs resmue' (did you mean resume?)"],
    ['unknown sub-command, listing the group', ['runs', 'bogus'], "unknown command 'runs bogus' (its sub-commands: list, show)"],
    ['missing option argument', ['init', '--path'], "option '--path <file>' argument missing"],
    ['missing --db argument', ['stock', '--db'], "option '--db <path>' argument missing"],
    ['too many arguments', ['config', 'check', 'extra'], "too many arguments for 'check'. Expected 0 arguments but got 1."],
    ['--quiet with --verbose', ['-q', '-v', 'stock'], "option '-q, --quiet' cannot be used with option '-v, --verbose'"],
  ];
  for (const [name, args, message] of cases) {
    it(name, async () => {
      const human = await p.run(args);
      expect(human.code).toBe(2);
      expect(human.stdout).toBe('');
      expect(human.stderr.split('\n')[0]).toBe(`integr: ${message}`);
      // --json first: an option that takes a value would swallow a trailing --json (commander's rule)
      const machine = await p.run(['--json', ...args]);
      expect(machine.code).toBe(2);
      expect(json(machine)).toEqual({ error: { code: 'USAGE', message } });
    });
  }

  it('a missing required argument (a command with <file>, as import has)', () => {
    const script = `
      const { buildProgram, main } = await import(${JSON.stringify(pathToFileURL(join(ROOT, 'dist/src/cli.js')).href)});
      const program = buildProgram();
      program.command('needs').argument('<file>').action(() => {});
      await main(['node', 'integr', ...process.argv.slice(1)], program);`;
    const run = (...args: string[]) => spawnSync(process.execPath, ['--input-type=module', '-e', script, '--', ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    const human = run('needs');
    expect(human.status).toBe(2);
    expect(human.stderr.split('\n')[0]).toBe("integr: missing required argument 'file'");
    const machine = run('needs', '--json');
    expect(machine.status).toBe(2);
    expect(JSON.parse(machine.stdout)).toEqual({ error: { code: 'USAGE', message: "missing required argument 'file'" } });
  });

  it('`--json` after `--` is an argument, not the option', async () => {
    const r = await p.run(['products', '--', '--json']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('none of those SKUs is in the store');
    expect(r.stderr).toContain('not in the store: --json');
  });
});

describe('--json: exactly one JSON document on stdout, people text on stderr', () => {
  it.each([[['stock']], [['products']], [['config', 'check']], [['doctor']], [['--db', 'other.db', 'stock', '-v']]])('%j', async (args) => {
    const r = await p.run([...args, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(() => JSON.parse(r.stdout)).not.toThrow();
    if (args.includes('-v')) expect(r.stderr).toContain('store: ');
  });
});

describe('init', () => {
  it('writes .integrationsrc from the example, which is a valid config', async () => {
    const q = project();
    try {
      const r = await q.run(['init']);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain(`wrote ${join(q.dir, '.integrationsrc')}`);
      expect(readFileSync(join(q.dir, '.integrationsrc'), 'utf8')).toBe(readFileSync(join(ROOT, '.integrationsrc.example'), 'utf8'));
      const check = await q.run(['config', 'check', '--json']);
      expect(check.code, check.stderr).toBe(0);
      expect(json(check).file).toBe(join(q.dir, '.integrationsrc'));
      expect(json(check).config.channels.sandbox.type).toBe('sandbox');
    } finally {
      q.cleanup();
    }
  });

  it('refuses to overwrite without --force (exit 2, file untouched); --force replaces it', async () => {
    const q = project();
    try {
      q.write('.integrationsrc', 'safety: { maxChanges: 1 }\n');
      const r = await q.run(['init']);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('integr: .integrationsrc already exists; not overwritten');
      expect(r.stderr).toContain('hint: use --force to replace it');
      expect(readFileSync(join(q.dir, '.integrationsrc'), 'utf8')).toBe('safety: { maxChanges: 1 }\n');
      const j = await q.run(['init', '--json']);
      expect(j.code).toBe(2);
      expect(json(j)).toEqual({ error: { code: 'USAGE', message: '.integrationsrc already exists; not overwritten' } });
      const forced = await q.run(['init', '--force', '--json']);
      expect(forced.code).toBe(0);
      expect(json(forced)).toEqual({ written: join(q.dir, '.integrationsrc') });
      expect(readFileSync(join(q.dir, '.integrationsrc'), 'utf8')).toBe(readFileSync(join(ROOT, '.integrationsrc.example'), 'utf8'));
    } finally {
      q.cleanup();
    }
  });

  it('--path writes elsewhere; init never reads the config (works next to a broken one)', async () => {
    const q = project();
    try {
      q.write('.integrationsrc', 'stroe: {}\n');
      const r = await q.run(['init', '--path', 'prod.integrationsrc.yaml']);
      expect(r.code, r.stderr).toBe(0);
      expect(readFileSync(join(q.dir, 'prod.integrationsrc.yaml'), 'utf8')).toContain('channels:');
    } finally {
      q.cleanup();
    }
  });
});
