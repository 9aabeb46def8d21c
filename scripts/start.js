#!/usr/bin/env node
// `npm start [-- --no-demo] [-- --port N]`: builds if needed, loads the Chengdu plan and its published figures
// into the embedded DuckDB file (data/ecmon.duckdb), adds the simulated demonstration dataset unless
// --no-demo, and serves the dashboard on http://localhost:8080.
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';

if (!existsSync('dist/cli/main.js') || !existsSync('web/dist/index.html'))
  execSync('npm run build', { stdio: 'inherit' });
const { run } = await import('../dist/cli/main.js');
const args = process.argv.slice(2);
const noDemo = args.includes('--no-demo');
const rest = args.filter((a) => a !== '--no-demo');
const step = async (argv) => {
  const code = await run(['node', 'ecmon', ...argv]);
  if (code !== 0) process.exit(code);
};
await step(['init']);
if (!noDemo) await step(['demo', 'load']);
await step(['serve', ...rest]);
