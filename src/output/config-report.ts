import type { ChalkInstance } from 'chalk';
import type { ConfigCheckReport } from '../config/check.js';
import { relative } from './status-report.js';
import { renderTable } from './table.js';

const show = (v: unknown) =>
  Array.isArray(v) && v.every((x) => typeof x !== 'object') ? `[${v.join(', ')}]` : typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v);

/** `integr config check` for people: the verdict, each effective value with its source, then each schedule's next run. */
export function renderConfigCheck(r: ConfigCheckReport, c: ChalkInstance, now: Date = new Date()): string {
  const parts = [
    `${c.green('config is valid')} (${r.file ?? 'no config file found: defaults'})`,
    // Schedules get their own table below; a JSON dump of them would only widen this one.
    renderTable(['key', 'value', 'source'], r.values.map((v) => [v.path, v.path === 'schedules' && Array.isArray(v.value) ? `${v.value.length} (below)` : show(v.value), v.source])),
  ];
  if (r.schedules.length) {
    parts.push(
      renderTable(
        ['schedule', 'run', 'cron', 'next run'],
        r.schedules.map((s) => [s.name, s.run, `${s.cron}${s.timezone ? ` ${s.timezone}` : ''}`, s.nextRunAt ? `${s.nextRunAt} (${relative(s.nextRunAt, now)})` : '']),
      ),
    );
  }
  return parts.join('\n\n');
}
