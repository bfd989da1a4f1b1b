import type { ChalkInstance } from 'chalk';
import type { StatusReport, TargetStatus } from '../status/status.js';
import { renderTable } from './table.js';

/** "5 min ago", "in 2 h": enough to read a status table at a glance. */
export function relative(iso: string | null, now: Date): string {
  if (!iso) return '';
  const ms = new Date(iso).getTime() - now.getTime();
  const abs = Math.abs(ms);
  if (abs < 1000) return 'just now';
  const amount = abs < 60_000 ? `${Math.round(abs / 1000)} s` : abs < 3_600_000 ? `${Math.round(abs / 60_000)} min` : abs < 172_800_000 ? `${Math.round(abs / 3_600_000)} h` : `${Math.round(abs / 86_400_000)} d`;
  return ms < 0 ? `${amount} ago` : `in ${amount}`;
}

function rate(t: TargetStatus): string {
  if (t.successRate === null) return '';
  return `${Math.round(t.successRate * 100)}% of ${t.runsCounted}`;
}

function targetTable(kind: string, rows: TargetStatus[], c: ChalkInstance, now: Date): string {
  const colour = (status: string) => (status === 'completed' ? c.green(status) : status === 'cancelled' || status === 'running' ? status : c.red(status));
  return renderTable(
    [kind, 'type', 'last run', 'result', 'changes', 'errors', 'success (last 20)', 'failures in a row', 'next run'],
    rows.map((t) => [
      t.name,
      t.type,
      t.lastRun ? `${t.lastRun.startedAt} (${relative(t.lastRun.startedAt, now)})` : 'never',
      t.runningNow ? c.yellow(`running now (pid ${t.runningNow.pid} on ${t.runningNow.host})`) : t.lastRun ? colour(t.lastRun.status) + (t.lastRun.mode && t.lastRun.mode !== 'push' ? ` [${t.lastRun.mode}]` : '') : '',
      t.lastRun?.changes,
      t.lastRun?.errors,
      rate(t),
      t.consecutiveFailures ? c.red(String(t.consecutiveFailures)) : t.lastRun ? 0 : '',
      t.nextRunAt ? `${t.nextRunAt} (${relative(t.nextRunAt, now)})` : t.schedules.length ? '' : c.dim('not scheduled'),
    ]),
    { rightAlign: [4, 5, 7] },
  );
}

export function renderStatus(r: StatusReport, c: ChalkInstance): string {
  const now = new Date(r.generatedAt);
  const parts: string[] = [];
  if (r.channels.length) parts.push(targetTable('channel', r.channels, c, now));
  if (r.carriers.length) parts.push(targetTable('carrier', r.carriers, c, now));
  if (!r.channels.length && !r.carriers.length) parts.push('no channels or carriers configured (see `integr init`)');
  if (r.schedules.length) {
    parts.push(
      renderTable(
        ['schedule', 'cron', 'last run', 'result', 'failures in a row', 'next run'],
        r.schedules.map((s) => [
          s.name,
          `${s.cron}${s.timezone ? ` ${s.timezone}` : ''}`,
          s.lastRun ? `${s.lastRun.startedAt} (${relative(s.lastRun.startedAt, now)})` : 'never',
          s.error ? c.red('invalid') : s.lastRun ? (s.lastRun.status === 'success' ? c.green('success') : s.lastRun.status === 'failure' ? c.red(`failure (exit ${s.lastRun.exitCode})`) : s.lastRun.status) : '',
          s.consecutiveFailures || (s.lastRun ? 0 : ''),
          s.nextRunAt ? `${s.nextRunAt} (${relative(s.nextRunAt, now)})` : '',
        ]),
        { rightAlign: [4] },
      ),
    );
    for (const s of r.schedules) if (s.error) parts.push(c.red(`${s.name}: ${s.error}`));
  }
  parts.push(
    r.daemons.length
      ? r.daemons.map((d) => `daemon: running, pid ${d.pid} on ${d.host} since ${d.since} (${relative(d.since, now)})`).join('\n')
      : r.schedules.length
        ? c.dim('daemon: none running (start one with `integr daemon`)')
        : c.dim('no schedules in the config'),
  );
  return parts.join('\n\n');
}
