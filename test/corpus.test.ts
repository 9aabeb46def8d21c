/**
 * The hostile-input corpus: every case under test/corpus/<case>/ (its files and a case.json) runs through
 * the CLI on every engine, and must give the same exit code and the same first message lines, and leave the
 * store as it was (every table hashed before and after) unless the case says it writes. Large or binary
 * inputs are made at run time (test/support/corpus-files.ts) so the repository stays small.
 */
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../src/cli/main.js';
import { importObservationsFile } from '../src/ingest/import-observations.js';
import { loadPlan } from '../src/plan/load-plan.js';
import type { Store } from '../src/store/open-store.js';
import { savePlan } from '../src/store/plan-repository.js';
import { GENERATORS } from './support/corpus-files.js';
import { engines, freshStore } from './support/engines.js';

const CORPUS = 'test/corpus';
const PLAN_FILE = 'plans/chengdu-ec-2021-2025.yaml';
const plan = loadPlan(PLAN_FILE);

interface Step {
  /** ecmon's arguments after `--db`; file names are relative to the case's folder. */
  command: string[];
  exit: number;
  /** The exact first lines on stderr (progress lines left out), `<dir>` for the case's folder. */
  stderr?: string[];
  stdout?: string[];
  /** Files the step writes and their exact first lines. */
  files?: Record<string, string[]>;
}

interface Case {
  why: string;
  /** A generator in corpus-files.ts that adds the case's large or binary files. */
  generate?: keyof typeof GENERATORS;
  steps: Step[];
  /** The store after the case: unchanged (default) or changed (a case that is accepted). */
  store?: 'unchanged' | 'changed';
}

const cases = readdirSync(CORPUS)
  .sort()
  .map((name) => ({ name, spec: JSON.parse(readFileSync(join(CORPUS, name, 'case.json'), 'utf8')) as Case }));

/** A stream that keeps what is written to it. */
function sink(): { stream: Writable; text(): string } {
  const parts: string[] = [];
  return {
    stream: new Writable({
      write(chunk: Buffer | string, _enc, done) {
        parts.push(String(chunk));
        done();
      },
    }),
    text: () => parts.join(''),
  };
}

const PROGRESS = /^\[\d+\.\ds\] /;
/** Lines as a case states them: no progress lines, `<dir>` for the case's folder, batch ids without their random part. */
const lines = (text: string, dir: string): string[] =>
  text
    .split('\n')
    .filter((l) => l !== '' && !PROGRESS.test(l))
    .map((l) =>
      l
        .split(dir)
        .join('<dir>')
        .replace(/(feed-[a-z-]+-\d{4}-\d{2})-[0-9a-f]{6}/g, '$1-…')
        .replace(/import-\d{8}-[0-9a-f]{8}/g, 'import-…'),
    );

/** sha256 of every table's rows (sorted), by table name. */
/**
 * A refusal is recorded on purpose in `alerts` (平台数据被拒收, for the 报送进度 view and the webhook), like its
 * error report file; every other table must be left exactly as it was.
 */
const RECORDS_OF_REFUSALS = new Set(['alerts']);

async function storeHash(store: Store): Promise<Record<string, string>> {
  const tables = await store.driver.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables
     WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`,
  );
  const out: Record<string, string> = {};
  for (const { table_name } of tables) {
    if (RECORDS_OF_REFUSALS.has(table_name)) continue;
    const rows = await store.driver.query(`SELECT * FROM ${store.dialect.ident(table_name)}`);
    const text = rows.map((r) => JSON.stringify(r)).sort();
    out[table_name] = createHash('sha256').update(text.join('\n')).digest('hex');
  }
  return out;
}

describe.each(engines())('the hostile-input corpus on $engine', (target) => {
  let store: Store;
  const work = mkdtempSync(join(tmpdir(), 'ecmon-corpus-'));
  beforeAll(async () => {
    store = (await freshStore(target)).store;
    await savePlan(store.driver, store.dialect, plan, PLAN_FILE);
    // Something in every table a refusal must leave alone: an import and an accepted feed.
    const seed = join(work, 'seed');
    cpSync(join(CORPUS, 'feed-accepted'), seed, { recursive: true });
    await importObservationsFile(store, plan, join(seed, 'observations.csv'));
    const io = { out: sink().stream, err: sink().stream, cwd: seed, tty: false, store };
    expect(await run(['node', 'ecmon', 'ingest', 'feed', 'feed.csv', '--platform', 'sim-mall'], io)).toBe(0);
  }, 60_000);
  afterAll(async () => {
    await store?.close();
    await target.cleanup();
    rmSync(work, { recursive: true, force: true });
  });

  it.each(cases)('$name', async ({ name, spec }) => {
    const dir = join(work, name);
    cpSync(join(CORPUS, name), dir, { recursive: true });
    if (spec.generate) await GENERATORS[spec.generate](dir);
    const before = await storeHash(store);
    for (const step of spec.steps) {
      const out = sink();
      const err = sink();
      const code = await run(['node', 'ecmon', ...step.command], {
        out: out.stream,
        err: err.stream,
        cwd: dir,
        tty: false,
        store,
      });
      const said = { exit: code, stderr: lines(err.text(), dir), stdout: lines(out.text(), dir) };
      expect(
        {
          exit: said.exit,
          stderr: said.stderr.slice(0, step.stderr?.length ?? 0),
          stdout: said.stdout.slice(0, step.stdout?.length ?? 0),
        },
        JSON.stringify(said, null, 1),
      ).toEqual({ exit: step.exit, stderr: step.stderr ?? [], stdout: step.stdout ?? [] });
      for (const [file, first] of Object.entries(step.files ?? {}))
        expect(lines(readFileSync(join(dir, file), 'utf8'), dir).slice(0, first.length)).toEqual(first);
    }
    if ((spec.store ?? 'unchanged') === 'unchanged') expect(await storeHash(store)).toEqual(before);
    else expect(await storeHash(store)).not.toEqual(before);
  });

  it('holds a case.json for every folder', () => {
    expect(cases.length).toBeGreaterThan(30);
    for (const c of cases) expect(c.spec.why, c.name).toBeTruthy();
  });
});
