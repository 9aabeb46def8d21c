#!/usr/bin/env node
// `npm start`: build if needed, then initialise the embedded database with the Chengdu plan.
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';

if (!existsSync('dist/cli/main.js')) execSync('npm run build', { stdio: 'inherit' });
const { run } = await import('../dist/cli/main.js');
const args = process.argv.slice(2);
let code = await run(['node', 'ecmon', 'init', ...args]);
if (code === 0) code = await run(['node', 'ecmon', 'observations', '--area', '510100']);
process.exitCode = code;
