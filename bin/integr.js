#!/usr/bin/env node
// Thin launcher: all logic lives in the compiled TypeScript (dist/).
import('../dist/src/cli.js').then((m) => m.main(process.argv)).catch((err) => {
  console.error(`integr: could not start (${err && err.message ? err.message : err}). Run \`npm run build\` first.`);
  process.exit(1);
});
