import type { ChalkInstance } from 'chalk';
import type { SyncReport } from '../sync/types.js';
import { renderPairs, renderTable } from './table.js';

const PLAN_ROWS_SHOWN = 50;

/** A people-facing summary of one channel's run; with dry-run/check, the plan table too. */
export function renderSyncReport(r: SyncReport, c: ChalkInstance, options: { fullPlan?: boolean } = {}): string {
  const colour = r.status === 'completed' ? c.green : r.status === 'completed_with_errors' || r.status === 'drift' ? c.yellow : c.red;
  const title = `${c.bold(r.channel)} (${r.type}) ${r.mode === 'push' ? '' : `[${r.mode}] `}${colour(r.status)}${r.runId !== null ? `  run #${r.runId}` : ''}`;
  const parts = [title];
  if (r.plan && r.plan.length && r.mode !== 'push') {
    const shown = options.fullPlan ? r.plan : r.plan.slice(0, PLAN_ROWS_SHOWN);
    parts.push(
      renderTable(
        ['SKU', 'remote', 'target', 'delta', ''],
        shown.map((p) => [p.sku, p.remote, p.target, p.delta > 0 ? `+${p.delta}` : p.delta, [p.capped ? 'capped' : '', p.price ? `price ${p.price.sale}${p.price.list !== null ? `/${p.price.list}` : ''}` : ''].filter(Boolean).join(' ')]),
        { rightAlign: [1, 2, 3] },
      ),
    );
    if (shown.length < r.plan.length) parts.push(c.dim(`... and ${r.plan.length - shown.length} more (use --json for the whole plan)`));
  }
  parts.push(
    renderPairs([
      ['local SKUs', r.totalProducts],
      ['found in channel', r.foundInChannel],
      ['not found', r.notFound],
      ...(r.untracked ? [['untracked (skipped)', r.untracked] as [string, number]] : []),
      [r.mode === 'push' ? 'changes' : 'changes planned', r.changes],
      ...(r.mode === 'push' ? ([['updated', r.updated]] as [string, number][]) : []),
      ['unchanged', r.unchanged],
      ...(r.mode === 'push' ? ([['errors', r.errors]] as [string, number][]) : []),
      ...(r.pending ? [['pending', r.pending] as [string, number]] : []),
      ...(r.capped ? [['capped at max', r.capped] as [string, number]] : []),
      ...(r.noLocalStock ? [['no local stock (left alone)', r.noLocalStock] as [string, number]] : []),
      ['duration', `${(r.durationMs / 1000).toFixed(1)} s`],
    ]),
  );
  if (r.failures?.length) {
    parts.push(c.red('failed items:'));
    parts.push(r.failures.slice(0, 20).map((f) => `  ${f.sku}: ${f.reason}`).join('\n') + (r.failures.length > 20 ? `\n  ... and ${r.failures.length - 20} more (see \`integr runs show ${r.runId}\`)` : ''));
  }
  if (r.error) parts.push(`${r.status === 'refused' ? c.yellow('refused:') : c.red('error:')} ${r.error.message}`);
  return parts.join('\n');
}
