#!/usr/bin/env node
// `npm start [-- --no-demo] [-- --port N]`: builds when the build is missing or older than any source, loads
// the Chengdu plan and its published figures into the embedded DuckDB file (data/ecmon.duckdb), adds the
// simulated demonstration dataset and the demo accounts unless --no-demo, and serves the dashboard on http://localhost:8080.
import { execSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** What the build reads: a change to any of these makes the build stale. */
const SOURCES = [
  'src',
  'web/src',
  'web/index.html',
  'web/public',
  'web/vite.config.ts',
  'web/precompress.ts',
];
const CONFIG = ['package.json', 'package-lock.json', 'tsconfig.json', 'web/tsconfig.json'];
/** What the build writes; the oldest of them dates the build. */
const OUTPUTS = ['dist/cli/main.js', 'web/dist/index.html'];

/** The newest modification time under a file or folder (0 when absent); tests are not part of the build. */
function newest(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return /\.test\.ts$/.test(path) ? 0 : stat.mtimeMs;
  let latest = 0;
  for (const name of readdirSync(path)) latest = Math.max(latest, newest(join(path, name)));
  return latest;
}

const built = Math.min(...OUTPUTS.map((f) => (existsSync(f) ? statSync(f).mtimeMs : 0)));
const changed = Math.max(...[...SOURCES, ...CONFIG].map(newest));
if (built === 0 || changed > built) {
  console.log(built === 0 ? 'No build yet: building…' : 'Sources changed since the last build: rebuilding…');
  execSync('npm run build', { stdio: 'inherit' });
}
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
// Demo accounts (marked demo) to sign in as each kind of user; --no-demo disables any made before.
await step(noDemo ? ['users', 'demo', '--off'] : ['users', 'demo']);
// The dashboard generates the month's bulletin when its figures are published, unless told otherwise.
const schedule =
  rest.some((a) => a.startsWith('--bulletin-schedule')) || process.env.ECMON_BULLETIN_SCHEDULE
    ? []
    : ['--bulletin-schedule', 'publish'];
await step(['serve', ...schedule, ...rest]);
