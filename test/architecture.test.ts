/**
 * The seams the code keeps: only src/store names an engine (everything else asks the store's Dialect), the
 * dependency direction cli → ingest → plan → feed-format holds (plan never imports ingest, nothing but the
 * CLI imports cli/), and the feed format imports nothing of ecmon's but the domain.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : tsFiles(p);
    return /\.(ts|vue)$/.test(e.name) ? [p] : [];
  });
}

const SOURCES = [...tsFiles('src'), ...tsFiles('web/src')].map((f) => relative('.', f).replace(/\\/g, '/'));

/** `file:line: text` of every line of `files` that matches `pattern`. */
function hits(files: readonly string[], pattern: RegExp): string[] {
  return files.flatMap((f) =>
    readFileSync(f, 'utf8')
      .split('\n')
      .flatMap((line, i) => (pattern.test(line) ? [`${f}:${i + 1}: ${line.trim()}`] : [])),
  );
}

/** The module paths a file imports (static `from '…'` and dynamic `import('…')`), resolved to repo paths. */
function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/(?:from\s+|import\s*\(\s*)'(\.[^']+)'/g)].map((m) => m[1] as string);
  return specs.map((s) => join(file, '..', s).replace(/\\/g, '/'));
}

function importersOf(from: string, target: string): string[] {
  return SOURCES.filter((f) => f.startsWith(from)).flatMap((f) =>
    imports(f)
      .filter((i) => i.startsWith(target))
      .map((i) => `${f} → ${i}`),
  );
}

describe('architecture', () => {
  it('finds the sources it checks', () => {
    expect(SOURCES).toContain('src/store/open-store.ts');
    expect(SOURCES).toContain('src/ingest/feed/ingest-feed.ts');
    expect(SOURCES).toContain('web/src/main.ts');
  });

  it('names an engine only inside src/store', () => {
    const outside = SOURCES.filter((f) => !f.startsWith('src/store/'));
    expect(
      hits(
        outside,
        /'duckdb'|'postgres'|'clickhouse'|"duckdb"|"postgres"|"clickhouse"|DuckDbDriver|PostgresDriver|ClickHouseDriver/,
      ),
    ).toEqual([]);
  });

  it('reaches an engine folder only through the store boundary', () => {
    const outside = SOURCES.filter((f) => !f.startsWith('src/store/'));
    expect(
      outside.flatMap((f) =>
        imports(f)
          .filter((i) => /^src\/store\/(?!write\/)[^/]+\//.test(i))
          .map((i) => `${f} → ${i}`),
      ),
    ).toEqual([]);
    expect(hits(outside, /from '(@duckdb\/|pg'|pg-copy-streams)/)).toEqual([]);
  });

  it('writes observations, their history, batches, batch events and the data version only in src/store/write', () => {
    const writers = SOURCES.filter(
      (f) => !f.startsWith('src/store/write/') && f !== 'src/store/migrations.ts' && !f.endsWith('.test.ts'),
    );
    expect(
      hits(
        writers,
        /\b(INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+(observations|observation_history|batches|batch_events|meta)\b/,
      ),
    ).toEqual([]);
  });

  it('imports src/cli only from src/cli', () => {
    expect(importersOf('src/', 'src/cli/').filter((l) => !l.startsWith('src/cli/'))).toEqual([]);
  });

  it('keeps plan below ingest: src/plan never imports src/ingest', () => {
    expect(importersOf('src/plan/', 'src/ingest/')).toEqual([]);
  });

  it('keeps the feed format self-contained (domain only)', () => {
    expect(
      SOURCES.filter((f) => f.startsWith('src/feed-format/')).flatMap((f) =>
        imports(f)
          .filter((i) => !i.startsWith('src/feed-format/') && !i.startsWith('src/domain/'))
          .map((i) => `${f} → ${i}`),
      ),
    ).toEqual([]);
  });
});
