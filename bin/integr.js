#!/usr/bin/env node
// Thin launcher: all logic lives in the compiled TypeScript (dist/).
let cli;
try {
  cli = await import('../dist/src/cli.js');
} catch (err) {
  console.error(`integr: could not start (${err && err.message ? err.message : err}). Run \`npm run build\` first.`);
  process.exit(1);
}
try {
  await cli.main(process.argv);
} catch (err) {
  // Command failures are reported (and redacted) inside main(); this is a bug outside any command.
  console.error(`integr: unexpected failure: ${err && err.message ? err.message : err}`);
  process.exitCode = 1;
}
