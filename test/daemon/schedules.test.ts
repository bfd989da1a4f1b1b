// Schedules are checked before anything runs: cron, time zone, the command and its channels.
// Also: splitting a run line, the cron clock's next-run and missed-tick answers. (The import and
// shipments commands are in schedule-commands.test.ts.)
import { afterAll, describe, expect, it } from 'vitest';
import { validateSchedules } from '../../src/daemon/schedules.js';
import { parseRunLine } from '../../src/daemon/commands.js';
import { syncOutcome } from '../../src/daemon/sync-command.js';
import { splitRunLine } from '../../src/daemon/run-line.js';
import { CronClock, cronProblem, timezoneProblem } from '../../src/daemon/cron.js';
import { IntegrError } from '../../src/errors.js';
import { configIn } from '../helpers/local-store.js';
import { tempDir } from '../helpers/cli.js';
import { thrown } from '../helpers/errors.js';
import { report } from './support.js';

const { dir, cleanup } = tempDir('integr-schedules-');
afterAll(cleanup);

const channels = { wix: { type: 'sandbox', path: './wix.json' }, sandbox: { type: 'sandbox' } };
const load = (schedules: unknown[]) => configIn(dir, { channels, schedules });

async function problem(schedules: unknown[]): Promise<IntegrError> {
  const loaded = await load(schedules);
  return thrown(() => validateSchedules(loaded));
}

describe('schedule validation', () => {
  it('accepts the README example and keys unnamed schedules by their run line', async () => {
    const loaded = await load([
      { cron: '0 * * * *', run: 'sync wix', timezone: 'Europe/Istanbul' },
      { name: 'all-every-10s', cron: '*/10 * * * * *', run: 'integr sync --all --max-changes 500' },
      { cron: '30 6 * * 1-5', run: 'sync sandbox --check' },
    ]);
    const s = validateSchedules(loaded);
    expect(s.map((x) => [x.key, x.job.command, x.job.channels])).toEqual([
      ['sync wix', 'sync', ['wix']],
      ['all-every-10s', 'sync', ['wix', 'sandbox']],
      ['sync sandbox --check', 'sync', ['sandbox']],
    ]);
    expect(s[0]).toMatchObject({ label: 'schedules[0] ("sync wix")', timezone: 'Europe/Istanbul', catchUp: true });
  });

  it.each([
    [{ cron: '61 * * * *', run: 'sync wix' }, /schedules\[1\] \("sync wix"\): invalid cron expression "61 \* \* \* \*": the minute field "61" is not valid/],
    [{ cron: '* * *', run: 'sync wix' }, /schedules\[1\] \("sync wix"\): invalid cron expression "\* \* \*": expected 5 or 6 fields but got 3/],
    [{ cron: '0 * * * *', run: 'sync wix', timezone: 'Mars/Olympus' }, /schedules\[1\] \("sync wix"\): unknown time zone "Mars\/Olympus"/],
    [{ cron: '0 * * * *', run: 'sync shopify' }, /schedules\[1\] \("sync shopify"\): sync: no channel named "shopify" in the config \(configured: wix, sandbox\)/],
    [{ name: 'nightly', cron: '0 3 * * *', run: 'sync' }, /schedules\[1\] \("nightly"\): sync: name a channel .* or use --all/],
    [{ cron: '0 * * * *', run: 'sync wix --fast' }, /sync: unknown option --fast/],
    [{ cron: '0 * * * *', run: 'sync wix --max-changes' }, /sync: option --max-changes needs a value/],
    [{ cron: '0 * * * *', run: 'sync wix --max-changes lots' }, /--max-changes must be a whole number/],
    [{ cron: '0 * * * *', run: 'sync wix --force' }, /--force is not allowed in a schedule/],
    [{ cron: '0 * * * *', run: 'sync --all wix' }, /name channels or use --all, not both/],
    [{ cron: '0 * * * *', run: 'rm -rf /' }, /"rm" cannot be scheduled; a schedule runs one of: sync, import, shipments sync/],
    [{ cron: '0 * * * *', run: 'sync "wix' }, /unterminated double quote/],
  ])('rejects %j naming the schedule', async (bad, message) => {
    const e = await problem([{ cron: '0 * * * *', run: 'sync sandbox' }, bad]);
    expect(e.code).toBe('CONFIG');
    expect(e.exitCode).toBe(2);
    expect(e.message).toMatch(/^\.integrationsrc\.json: schedules\[1\]/);
    expect(e.message).toMatch(message);
  });

  it('two schedules with the same identity need a name', async () => {
    const e = await problem([
      { cron: '0 * * * *', run: 'sync wix' },
      { cron: '30 * * * *', run: 'sync wix' },
    ]);
    expect(e.message).toMatch(/schedules\[1\] \("sync wix"\): schedules\[0\] \("sync wix"\) has the same run line; give one of them a distinct `name`/);
  });
});

describe('run lines', () => {
  it('splits words like a shell for quotes, and nothing more', () => {
    expect(splitRunLine(`import "/data/drop zone/stock.xlsx" --type stock`)).toEqual(['import', '/data/drop zone/stock.xlsx', '--type', 'stock']);
    expect(splitRunLine(`a 'b c' "d \\"e\\"" f\\ g $HOME ;`)).toEqual(['a', 'b c', 'd "e"', 'f g', '$HOME', ';']);
    expect(splitRunLine(`  sync   wix  `)).toEqual(['sync', 'wix']);
    expect(splitRunLine(`sync ""`)).toEqual(['sync', '']);
  });

  it('maps sync flags to the engine options', async () => {
    const loaded = await load([]);
    expect(parseRunLine('sync wix --check', loaded)).toMatchObject({ command: 'sync', line: 'sync wix --check', channels: ['wix'] });
    expect(parseRunLine('sync wix wix sandbox', loaded).channels).toEqual(['wix', 'sandbox']);
  });

  it('a sync outcome: the worst exit code; locked channels neither fail nor count; an early abort is cancelled', () => {
    const locked = report('wix', { runId: null, status: 'failed', exitCode: 1, error: { code: 'LOCKED', message: 'wix: another sync of this channel is running (pid 9 on h)' } });
    const partly = syncOutcome([report('sandbox'), locked]);
    expect(partly).toMatchObject({ exitCode: 0, cancelled: false });
    expect(partly.lockedBy).toBeUndefined();
    expect(partly.targets.map((t) => t.status)).toEqual(['completed', 'locked']);
    expect(syncOutcome([locked])).toMatchObject({ exitCode: 0, lockedBy: expect.stringContaining('pid 9 on h') });
    expect(syncOutcome([report('a', { status: 'completed_with_errors', exitCode: 3 }), report('b', { status: 'failed', exitCode: 5, error: { code: 'REMOTE_AUTH', message: 'b: 401' } })])).toMatchObject({
      exitCode: 5,
      error: { code: 'REMOTE_AUTH' },
    });
    expect(syncOutcome([report('a')], true).cancelled).toBe(true);
    expect(syncOutcome([report('a', { status: 'cancelled', exitCode: 130 })]).cancelled).toBe(true);
  });
});

describe('cron clock', () => {
  it('says what is wrong with an expression or a zone', () => {
    expect(cronProblem('0 * * * *')).toBeNull();
    expect(cronProblem('*/5 * * * * *')).toBeNull();
    expect(cronProblem('0 0 30 2 *')).toMatch(/day of month/);
    expect(timezoneProblem('Europe/Istanbul')).toBeNull();
    expect(timezoneProblem('Europe/Istanbull')).toMatch(/unknown time zone/);
  });

  it('next run honours the time zone', () => {
    const clock = new CronClock('0 9 * * *', 'Europe/Istanbul');
    try {
      const next = clock.nextRun()!;
      // Istanbul is UTC+3 all year.
      expect(next.getUTCHours()).toBe(6);
      expect(next.getUTCMinutes()).toBe(0);
      expect(next.getTime()).toBeGreaterThan(Date.now());
      expect(next.getTime() - Date.now()).toBeLessThanOrEqual(24 * 3_600_000);
    } finally {
      clock.stop();
    }
  });

  it('tickedBetween: strictly after the last success, up to now', () => {
    const hourly = new CronClock('0 * * * *', 'UTC');
    const weekdays = new CronClock('0 9 * * 1-5', 'UTC');
    const everySecond = new CronClock('* * * * * *', 'UTC');
    try {
      const at = (s: string) => new Date(s);
      expect(hourly.tickedBetween(at('2030-01-07T10:00:00.400Z'), at('2030-01-07T10:59:59Z'))).toBe(false);
      expect(hourly.tickedBetween(at('2030-01-07T10:00:00.400Z'), at('2030-01-07T11:00:00Z'))).toBe(true);
      expect(hourly.tickedBetween(at('2030-01-07T10:00:00Z'), at('2030-01-09T10:00:00Z'))).toBe(true);
      // 2030-01-04 is a Friday: nothing is due over the weekend, Monday 09:00 is.
      expect(weekdays.tickedBetween(at('2030-01-04T09:00:05Z'), at('2030-01-07T08:59:00Z'))).toBe(false);
      expect(weekdays.tickedBetween(at('2030-01-04T09:00:05Z'), at('2030-01-07T09:00:00Z'))).toBe(true);
      expect(everySecond.tickedBetween(at('2030-01-07T10:00:00.100Z'), at('2030-01-07T10:00:00.900Z'))).toBe(false);
      expect(everySecond.tickedBetween(at('2030-01-07T10:00:00.100Z'), at('2030-01-07T10:00:01Z'))).toBe(true);
    } finally {
      hourly.stop();
      weekdays.stop();
      everySecond.stop();
    }
  });

  it('tickedBetween follows the zone across a DST change', () => {
    // 02:30 local every day in New York; on 2030-03-10 02:00-03:00 does not exist there.
    const clock = new CronClock('30 2 * * *', 'America/New_York');
    try {
      expect(clock.tickedBetween(new Date('2030-03-08T08:00:00Z'), new Date('2030-03-09T07:29:00Z'))).toBe(false);
      expect(clock.tickedBetween(new Date('2030-03-08T08:00:00Z'), new Date('2030-03-09T07:30:00Z'))).toBe(true);
    } finally {
      clock.stop();
    }
  });
});
