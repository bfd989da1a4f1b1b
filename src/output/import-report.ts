import { basename } from 'node:path';
import type { ImportReport } from '../import/pipeline.js';
import type { JobDetail, JobSummary } from '../import/jobs.js';
import type { RollbackReport } from '../import/rollback.js';
import type { Template } from '../import/templates.js';
import { renderPairs, renderTable } from './table.js';

// How import results look for people. With --json the commands print the report objects instead.

const n = (v: number) => v.toLocaleString('en-US');

/** The SPEC JSON of an import (more fields than required are welcome). */
export function importJson(r: ImportReport): Record<string, unknown> {
  return {
    jobId: r.jobId,
    status: r.status,
    dryRun: r.dryRun,
    file: r.file,
    sheet: r.sheet,
    type: r.type,
    template: r.template,
    rows: r.rows,
    created: r.created,
    durationMs: r.durationMs,
    ...(r.errorsFile ? { errorsFile: r.errorsFile } : {}),
    errors: r.errors,
    warnings: r.warnings,
    ...(r.sameContentAs ? { sameContentAs: r.sameContentAs } : {}),
    ...(r.wouldBeRefused ? { wouldBeRefused: r.wouldBeRefused } : {}),
    ...(r.resumed ? { resumed: true } : {}),
    ...(r.changes ? { changes: r.changes } : {}),
  };
}

function showValue(v: unknown): string {
  if (v === null || v === undefined) return '∅';
  return typeof v === 'string' ? JSON.stringify(v) : String(v);
}

export function renderImport(r: ImportReport): string {
  const lines: string[] = [];
  const rows = r.rows;
  const head = r.dryRun ? 'dry run (nothing written)' : `job ${r.jobId} ${r.status.replace(/_/g, ' ')}`;
  lines.push(`${basename(r.file)} [${r.sheet}] → ${r.type}${r.template !== r.type ? ` (template ${r.template})` : ''}: ${head} in ${(r.durationMs / 1000).toFixed(1)}s`);
  const verb = r.dryRun ? 'would be ' : '';
  lines.push(
    `  rows: ${n(rows.total)} · ${verb}inserted ${n(rows.inserted)} · ${verb}updated ${n(rows.updated)} · unchanged ${n(rows.unchanged)} · skipped ${n(rows.skipped)} · failed ${n(rows.failed)}`,
  );
  const c = r.created;
  if (r.type === 'orders' || c.customers || c.orders || (r.type !== 'products' && c.products)) {
    lines.push(`  created: ${n(c.orders)} orders · ${n(c.customers)} customers · ${n(c.products)} products`);
  }
  for (const w of r.warnings) lines.push(`  warning: ${w}`);
  if (r.errors.length) {
    lines.push(`  errors${rows.failed > r.errors.length ? ` (first ${r.errors.length})` : ''}:`);
    for (const e of r.errors) lines.push(`    row ${e.row}${e.column ? ` ${e.column}` : ''}: ${e.reason}`);
  }
  if (r.errorsFile) lines.push(`  failed rows written to ${r.errorsFile} (fix them and import that file)`);
  else if (rows.failed && r.jobId !== null) lines.push(`  all failed rows: integr jobs errors ${r.jobId} --out errors.xlsx`);
  if (r.status === 'cancelled' && r.jobId !== null) lines.push(`  interrupted: committed rows are kept; continue with \`integr jobs resume ${r.jobId}\``);
  if (r.changes?.length) {
    lines.push(`  first rows:`);
    for (const x of r.changes) {
      if (x.status === 'failed') {
        lines.push(`    row ${x.row}: failed (${(x.problems ?? []).map((p) => `${p.column}: ${p.reason}`).join('; ')})`);
        continue;
      }
      const parts = (x.changes ?? []).map((ch) => {
        const fields = Object.entries(ch.fields).map(([f, v]) => (ch.action === 'insert' ? `${f}=${showValue(v.after)}` : `${f} ${showValue(v.before)}→${showValue(v.after)}`));
        return `${ch.action} ${ch.entity.replace('_', ' ')} ${ch.key}${fields.length ? ` (${fields.join(', ')})` : ''}`;
      });
      lines.push(`    row ${x.row}: ${x.status}${parts.length ? ': ' + parts.join('; ') : ''}`);
    }
  }
  return lines.join('\n');
}

export function renderJobList(jobs: JobSummary[]): string {
  return renderTable(
    ['job', 'status', 'type', 'file', 'sheet', 'total', 'ins', 'upd', 'same', 'skip', 'failed', 'started'],
    jobs.map((j) => [
      j.jobId,
      j.status + (j.rolledBackAt ? ' (rolled back)' : ''),
      j.type,
      basename(j.file),
      j.sheet,
      j.rows.total,
      j.rows.inserted,
      j.rows.updated,
      j.rows.unchanged,
      j.rows.skipped,
      j.rows.failed,
      j.startedAt.replace('T', ' ').slice(0, 19),
    ]),
    { rightAlign: [0, 5, 6, 7, 8, 9, 10] },
  );
}

export function renderJob(j: JobDetail): string {
  const r = j.rows;
  const pairs: [string, string | number | null][] = [
    ['job', j.jobId],
    ['status', j.status + (j.rolledBackAt ? ` (rolled back ${j.rolledBackAt})` : '')],
    ['type', `${j.type}${j.template && j.template !== j.type ? ` (template ${j.template})` : ''}`],
    ['file', `${j.file}${j.fileSize !== null ? ` (${n(j.fileSize)} bytes)` : ''}`],
    ['sheet', `${j.sheet} (headers on row ${j.headerRow})`],
    ['rows', `${n(r.total)} total · ${n(r.inserted)} inserted · ${n(r.updated)} updated · ${n(r.unchanged)} unchanged · ${n(r.skipped)} skipped · ${n(r.failed)} failed`],
    ['created', `${n(j.created.products)} products · ${n(j.created.customers)} customers · ${n(j.created.orders)} orders`],
    ['committed', `through row ${j.lastRow}`],
    ['options', `chunk ${j.options.chunkSize} · warehouse ${j.options.warehouse} · on existing ${j.options.onExisting}${j.options.limit ? ` · limit ${j.options.limit}` : ''}`],
    ['started', j.startedAt],
    ['finished', j.finishedAt],
    ['process', j.pid ? `pid ${j.pid} on ${j.host} (heartbeat ${j.heartbeatAt})` : null],
    ['hash', j.fileHash],
  ];
  if (j.error) pairs.push(['error', j.error]);
  let text = renderPairs(pairs);
  if (j.resumable) text += `\n\ncontinue it with: integr jobs resume ${j.jobId}`;
  if (j.errors.length) {
    text += `\n\nerrors${r.failed > j.errors.length ? ` (first ${j.errors.length}; all: integr jobs errors ${j.jobId} --out errors.xlsx)` : ''}:\n`;
    text += renderTable(['row', 'column', 'value', 'reason'], j.errors.map((e) => [e.row, e.column, e.raw, e.reason]), { rightAlign: [0] });
  }
  return text;
}

export function renderRollback(r: RollbackReport): string {
  const u = r.undone;
  const lines = [
    `job ${r.jobId} rolled back${r.forced ? ' (forced)' : ''}: ${n(u.product)} products, ${n(u.stock)} stock levels, ${n(u.order)} orders, ${n(u.order_line)} order lines, ${n(u.customer)} customers restored`,
  ];
  if (r.kept.products) lines.push(`  kept ${n(r.kept.products)} products it created: order lines of other imports name them`);
  if (r.kept.customers) lines.push(`  kept ${n(r.kept.customers)} customers it created: orders of other imports refer to them`);
  return lines.join('\n');
}

export function renderTemplateList(templates: Template[]): string {
  return renderTable(
    ['name', 'type', 'columns', 'required', 'source'],
    templates.map((t) => [t.name, t.type, t.columns.length, t.columns.filter((c) => c.required).map((c) => c.key).join(', '), t.source]),
  );
}

export function renderTemplate(t: Template): string {
  const head = `${t.name} (${t.type}, ${t.source})\n${t.description}\n\n`;
  return (
    head +
    renderTable(
      ['column', 'key', 'type', 'required', 'accepted headers'],
      t.columns.map((c) => [c.aliases[0], c.key, c.type, c.required ? 'yes' : '', c.aliases.join(' / ')]),
    )
  );
}

export function templateJson(t: Template): Record<string, unknown> {
  return {
    name: t.name,
    type: t.type,
    description: t.description,
    source: t.source,
    columns: t.columns.map((c) => ({ key: c.key, type: c.type, required: c.required, header: c.aliases[0], aliases: c.aliases, description: c.description, example: c.example })),
  };
}
