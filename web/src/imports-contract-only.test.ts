import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const webSrc = import.meta.dirname;
const root = resolve(webSrc, '../..');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return /\.(ts|vue)$/.test(e.name) && !e.name.endsWith('.test.ts') ? [p] : [];
  });
}

/** Every relative import of the web app that leaves `web/`, as a path from the project root. */
function outsideImports(): { file: string; target: string }[] {
  return sources(webSrc).flatMap((file) =>
    [...readFileSync(file, 'utf8').matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)]
      .map((m) => relative(root, resolve(dirname(file), m[1] as string)))
      .filter((target) => !target.startsWith('web/'))
      .map((target) => ({ file: relative(root, file), target })),
  );
}

describe('the web app depends on the API contract only', () => {
  it('imports nothing from the engine, the plan, the store or ingest', () => {
    const bad = outsideImports().filter((i) => /^src\/(engine|plan|store|ingest|domain)\//.test(i.target));
    expect(bad).toEqual([]);
  });

  it('imports from outside web/ only the contract (src/api/contract/)', () => {
    const imports = outsideImports();
    expect(imports.length).toBeGreaterThan(0);
    expect(imports.filter((i) => !i.target.startsWith('src/api/contract/'))).toEqual([]);
  });
});
