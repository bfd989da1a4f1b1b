#!/usr/bin/env node
// Start-up time of `integr --help` (median of N runs), next to a bare `node -e 0` measured in the
// same run as the baseline, so the number says what integr itself costs on this machine.
// Usage: npm run bench:startup  (or: node bench/startup.mjs [runs] [--json])
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';

const runs = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 10);
const bin = fileURLToPath(new URL('../bin/integr.js', import.meta.url));
if (!existsSync(new URL('../dist/src/cli.js', import.meta.url))) {
  console.error('bench/startup: dist/ is missing; run `npm run build` first');
  process.exit(1);
}

function time(args) {
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return ms;
}

function measure(args) {
  time(args); // warm the file-system cache; not counted
  const samples = [];
  for (let i = 0; i < runs; i++) samples.push(time(args));
  samples.sort((a, b) => a - b);
  const mid = Math.floor(samples.length / 2);
  const median = samples.length % 2 ? samples[mid] : (samples[mid - 1] + samples[mid]) / 2;
  return { median, min: samples[0], max: samples[samples.length - 1] };
}

const cases = [
  ['node -e 0 (baseline)', ['-e', '0']],
  ['integr --help', [bin, '--help']],
  ['integr --version', [bin, '--version']],
];
const results = cases.map(([name, args]) => ({ name, ...measure(args) }));
const base = results[0].median;
for (const r of results) {
  const extra = r === results[0] ? '' : `  (+${(r.median - base).toFixed(0)} ms over node)`;
  console.log(`${r.name.padEnd(22)} median ${r.median.toFixed(1).padStart(6)} ms  min ${r.min.toFixed(1).padStart(6)}  max ${r.max.toFixed(1).padStart(6)}${extra}`);
}
if (process.argv.includes('--json')) console.log(JSON.stringify({ runs, results }));
