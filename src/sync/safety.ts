// Safety rules: a wrong sync can zero a shop's stock everywhere, so large or zeroing plans are
// refused unless the operator says --force. Pure.
import type { Plan } from './plan.js';

export interface SafetyLimits {
  maxChanges: number;
  maxZeroRatio: number;
}

export interface SafetyVerdict {
  rule: 'maxChanges' | 'maxZeroRatio';
  message: string;
}

export function checkSafety(plan: Plan, limits: SafetyLimits): SafetyVerdict | null {
  const changes = plan.changes.length;
  if (changes > limits.maxChanges) {
    return {
      rule: 'maxChanges',
      message: `refused by safety.maxChanges: the plan has ${changes} changes, the limit is ${limits.maxChanges} (use --max-changes <n> or --force)`,
    };
  }
  // Share of the SKUs found (and tracked) remotely that this plan would set to 0 from a positive quantity.
  const found = changes + plan.unchanged.length;
  const zeroing = plan.changes.filter((c) => c.target === 0 && c.remote > 0).length;
  if (found > 0 && zeroing / found > limits.maxZeroRatio) {
    const pct = ((zeroing / found) * 100).toFixed(1);
    return {
      rule: 'maxZeroRatio',
      message: `refused by safety.maxZeroRatio: the plan sets ${zeroing} of ${found} found SKUs (${pct}%) to 0, the limit is ${(limits.maxZeroRatio * 100).toFixed(1)}% (check the import, or use --force)`,
    };
  }
  return null;
}
