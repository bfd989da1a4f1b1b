import type { JobCores } from './job.js';

/** The real core functions, loaded when a job first needs them (the same ones the CLI commands call). */
export const defaultCores: JobCores = {
  syncChannels: async (deps, names, options) => (await import('../sync/engine.js')).syncChannels(deps, names, options),
};
