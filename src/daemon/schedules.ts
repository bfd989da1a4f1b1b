import { basename } from 'node:path';
import type { LoadedConfig } from '../config/load.js';
import { configError } from '../errors.js';
import { parseRunLine } from './commands.js';
import { cronProblem, timezoneProblem } from './cron.js';
import type { Job } from './job.js';
import { RunLineProblem } from './run-line.js';

export interface Schedule {
  index: number;
  /** Identity in the store, the locks, the logs and the metrics: `name`, or the run line when unnamed. */
  key: string;
  /** `schedules[1] ("sync wix")`, for messages. */
  label: string;
  cron: string;
  timezone?: string;
  catchUp: boolean;
  run: string;
  job: Job;
}

export function scheduleLabel(index: number, entry: { name?: string; run: string }): string {
  return `schedules[${index}] ("${entry.name ?? entry.run}")`;
}

/**
 * Check every schedule before anything runs: cron expression, time zone, and the command with its
 * channels. The first problem is a config error (exit 2) naming the schedule.
 */
export function validateSchedules(loaded: LoadedConfig): Schedule[] {
  const out: Schedule[] = [];
  const keys = new Map<string, string>();
  loaded.config.schedules.forEach((_, index) => {
    const schedule = validateSchedule(loaded, index);
    const same = keys.get(schedule.key);
    if (same) {
      const what = loaded.config.schedules[index].name ? 'name' : 'run line';
      throw scheduleError(loaded, schedule.label, `${same} has the same ${what}; give one of them a distinct \`name\` (it keys the schedule's history and lock)`);
    }
    keys.set(schedule.key, schedule.label);
    out.push(schedule);
  });
  return out;
}

/** One schedule, checked on its own (`status` shows a broken one instead of failing). */
export function validateSchedule(loaded: LoadedConfig, index: number): Schedule {
  const entry = loaded.config.schedules[index];
  const label = scheduleLabel(index, entry);
  const badCron = cronProblem(entry.cron);
  if (badCron) throw scheduleError(loaded, label, badCron);
  if (entry.timezone) {
    const badZone = timezoneProblem(entry.timezone);
    if (badZone) throw scheduleError(loaded, label, badZone);
  }
  let job: Job;
  try {
    job = parseRunLine(entry.run, loaded);
  } catch (err) {
    if (err instanceof RunLineProblem) throw scheduleError(loaded, label, err.message);
    throw err;
  }
  return { index, key: entry.name ?? entry.run.trim(), label, cron: entry.cron, timezone: entry.timezone, catchUp: entry.catchUp, run: entry.run, job };
}

function scheduleError(loaded: LoadedConfig, label: string, message: string) {
  return configError(`${loaded.filepath ? basename(loaded.filepath) : 'config'}: ${label}: ${message}`);
}
