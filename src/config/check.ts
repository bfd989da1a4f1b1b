import { nextRunOf } from '../daemon/cron.js';
import { validateSchedules } from '../daemon/schedules.js';
import { effectiveValues, maskedConfig, type EffectiveValue, type Overrides } from './effective.js';
import type { LoadedConfig } from './load.js';

export interface ScheduleCheck {
  /** The schedule's identity: `name`, or the run line. */
  name: string;
  run: string;
  cron: string;
  timezone: string | null;
  catchUp: boolean;
  nextRunAt: string | null;
}

export interface ConfigCheckReport {
  valid: true;
  file: string | null;
  config: Record<string, unknown>;
  values: EffectiveValue[];
  schedules: ScheduleCheck[];
}

/**
 * `integr config check`: the config loaded (so its keys are valid), every schedule checked the way
 * `integr daemon` checks it at start-up (throws the first problem as a config error naming the
 * schedule), and the effective values with secrets masked (`overrides`: values set by flags, e.g. --db).
 */
export function checkConfig(loaded: LoadedConfig, overrides: Overrides = {}): ConfigCheckReport {
  const schedules = validateSchedules(loaded).map((s) => ({
    name: s.key,
    run: s.run,
    cron: s.cron,
    timezone: s.timezone ?? null,
    catchUp: s.catchUp,
    nextRunAt: nextRunOf(s.cron, s.timezone)?.toISOString() ?? null,
  }));
  return { valid: true, file: loaded.filepath, config: maskedConfig(loaded, overrides), values: effectiveValues(loaded, overrides), schedules };
}
