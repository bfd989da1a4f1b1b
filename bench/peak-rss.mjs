// Preloaded (`node --import`) into benchmark children: at exit, write the process's peak RSS (KB) and
// CPU time (µs) as JSON, so a loaded machine's wall-clock noise can be told from the work done.
import { writeFileSync } from 'node:fs';

process.on('exit', () => {
  if (!process.env.BENCH_RSS_FILE) return;
  const u = process.resourceUsage();
  writeFileSync(process.env.BENCH_RSS_FILE, JSON.stringify({ maxRssKb: u.maxRSS, cpuUs: u.userCPUTime + u.systemCPUTime }));
});
