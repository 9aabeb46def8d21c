#!/usr/bin/env node
// The `ecmon` command: runs the compiled CLI (npm run build produces dist/).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const main = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'cli', 'main.js');
if (!existsSync(main)) {
  console.error(
    'ecmon 尚未构建：请先运行 npm run build（或 npm start）。 / ecmon is not built yet: run `npm run build` first.',
  );
  process.exit(1);
}
const { run } = await import(pathToFileURL(main).href);
process.exitCode = await run(process.argv);
