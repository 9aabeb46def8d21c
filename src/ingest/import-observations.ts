import { randomUUID } from 'node:crypto';
import { basename, extname } from 'node:path';
import { type Problem, UserError } from '../domain/user-error.js';
import type { Plan } from '../plan/plan-types.js';
import type { Dialect, StagedFile } from '../store/dialect.js';
import type { Driver } from '../store/driver.js';
import type { Store } from '../store/open-store.js';
import type { BatchStatus } from '../store/write/batch-states.js';
import { BatchWriter, layerOf } from '../store/write/batch-writer.js';
import { policyFor } from '../store/write/publication-policy.js';
import { writeRowsFrom } from '../store/write/write-observations.js';
import { prepareFeedInput } from './feed/prepare-feed-input.js';
import {
  checkedSql,
  collectSql,
  importViewSql,
  type ObservationLayout,
  PROBE_SQL,
  problemListSql,
  rawSelect,
} from './observations/observation-checks.js';
import {
  dimField,
  type ObservationHeader,
  readObservationHeader,
} from './observations/observation-header.js';
import { createObservationLookups } from './observations/observation-lookups.js';
import type { TextEncoding } from './read-text-file.js';

export interface ImportResult {
  rows: number;
  inserted: number;
  replaced: number;
  batchId: string | null;
  /** published, or submitted when the publication policy waits for approval; draft for a dry run. */
  status: BatchStatus;
}

/** The rows table of an import: one at a time per store, dropped before the import ends. */
const ROWS_TABLE = 'observation_import_rows';
const STAGING = 'obs_import';

type N = string | number | null;

/**
 * Imports a long-format observations file (`measure,area,period,value[,unit][,published_yoy][,source]`;
 * CSV in UTF-8, UTF-8 BOM or GB18030, or XLSX) as one batch: all rows or none. The engine reads the file
 * as it reads a feed, and every check runs as SQL; any problem aborts the import with every problem listed
 * as `file:line:column` (UserError) and nothing written.
 */
export async function importObservationsFile(
  store: Store,
  plan: Plan,
  file: string,
  opts: { dryRun?: boolean; encoding?: TextEncoding; hold?: boolean; actor?: string } = {},
): Promise<ImportResult> {
  const { driver, dialect: d } = store;
  const xlsx = extname(file).toLowerCase() === '.xlsx';
  let header: ObservationHeader | undefined;
  const prepared = await prepareFeedInput(file, d, {
    format: xlsx ? 'xlsx' : 'csv',
    ...(opts.encoding ? { encoding: opts.encoding } : {}),
    header: (names) => {
      header = readObservationHeader(file, names, xlsx, plan.dimensions);
      return header.fatal;
    },
  });
  try {
    const columns = prepared.input.columns.map((_, i) => `c${i + 1}`);
    const index = header?.index ?? new Map();
    // The plan's dimensions the file has a column for, in id order: the order of the breakdown key.
    const dimensions = [...plan.dimensions]
      .filter((x) => index.has(dimField(x.id)))
      .sort((a, b) => (a.id < b.id ? -1 : 1));
    const layout: ObservationLayout = { columns, index, xlsx, dimensions };
    await driver.exec(`DROP TABLE IF EXISTS ${ROWS_TABLE}`);
    return await d.stageFile(
      driver,
      {
        source: { ...prepared.input, columns },
        table: ROWS_TABLE,
        typed: (from, keep) => rawSelect(d, layout, from, keep),
        onRows: () => {},
      },
      (tx, staged) => importStaged(store, tx, plan, file, layout, header?.problems ?? [], staged, opts),
    );
  } finally {
    prepared.cleanup();
  }
}

async function importStaged(
  store: Store,
  tx: Driver,
  plan: Plan,
  file: string,
  layout: ObservationLayout,
  headerProblems: Problem[],
  staged: StagedFile,
  opts: { dryRun?: boolean; hold?: boolean; actor?: string },
): Promise<ImportResult> {
  const { dialect: d } = store;
  await createObservationLookups(tx, d, plan);
  const batchId = `import-${new Date().toISOString().slice(0, 10).replace(/-/g, '')}-${randomUUID().slice(0, 8)}`;
  await tx.exec(
    `DROP VIEW IF EXISTS ${STAGING}; DROP TABLE IF EXISTS obs_checked; DROP TABLE IF EXISTS obs_args`,
  );
  await tx.exec(`CREATE TEMPORARY TABLE obs_args (source ${d.text}, batch_id ${d.text})`);
  await tx.query('INSERT INTO obs_args VALUES ($1, $2)', [basename(file), batchId]);
  await tx.exec(checkedSql(d, layout, ROWS_TABLE, staged.ref));
  const [probe] = await tx.query<{ total: N; bad: N; repeated: N }>(PROBE_SQL);
  const rejects = await tx.query<{ n: N }>(`SELECT count(*) AS n FROM ${d.ident(staged.rejects)}`);
  if (
    headerProblems.length ||
    Number(probe?.bad) > 0 ||
    Number(probe?.repeated) > 0 ||
    Number(rejects[0]?.n) > 0
  )
    throw new UserError([...headerProblems, ...(await rowProblems(tx, d, plan, file, layout, staged))]);
  const rows = Number(probe?.total ?? 0);
  if (rows === 0)
    throw new UserError({
      place: file,
      value: '',
      message: '文件中没有数据行',
      hint: '第一行为表头，其后每行一个观测值',
    });
  const done = `DROP TABLE obs_checked; DROP TABLE obs_args; DROP TABLE ${ROWS_TABLE}`;
  if (opts.dryRun) {
    await tx.exec(done);
    return { rows, inserted: 0, replaced: 0, batchId: null, status: 'draft' };
  }
  await tx.exec(importViewSql(d, STAGING));
  const policy = policyFor('import', plan.publication, opts.hold);
  const by = { actor: opts.actor ?? 'system' };
  const writer = new BatchWriter(tx, d, null);
  await writer.create({ id: batchId, kind: 'import', file: basename(file), rows }, by);
  const out = await writeRowsFrom(tx, d, STAGING, batchId, layerOf(policy));
  await writer.setObservations(batchId, rows);
  const status = await writer.settle(batchId, policy, by);
  await writer.finish(batchId);
  await tx.exec(`DROP VIEW ${STAGING}; ${done}`);
  return { rows, ...out, batchId, status };
}

/** Every problem of the rows, in file order, as `file:line:column`. */
async function rowProblems(
  tx: Driver,
  d: Dialect,
  plan: Plan,
  file: string,
  layout: ObservationLayout,
  staged: StagedFile,
): Promise<Problem[]> {
  await tx.exec('DROP TABLE IF EXISTS obs_problems');
  await tx.exec(
    `CREATE TEMPORARY TABLE obs_problems (ref BIGINT, ord INTEGER, pos BIGINT, value ${d.text}, message ${d.text},
       hint ${d.text}, first_ref BIGINT)`,
  );
  const hints = {
    measure: `应为计划中定义的度量之一，如 ${plan.measures
      .slice(0, 3)
      .map((m) => m.id)
      .join('、')}`,
    codes: new Map(
      plan.dimensions.map((x) => [
        x.id,
        x.open
          ? `编码只用字母、数字、下划线或连字符${x.codes.length ? `；已知：${x.codes.map((c) => c.code).join('、')}` : ''}`
          : `可用：${x.codes.map((c) => c.code).join('、')}`,
      ]),
    ),
  };
  await tx.exec(collectSql(d, layout, ROWS_TABLE, staged.ref, hints));
  const list = await tx.query<{
    line: string | number;
    pos: string | number;
    value: string | null;
    message: string;
    hint: string | null;
  }>(problemListSql(d, staged.lineOf, staged.rejects, layout.columns.length));
  return list.map((p) => ({
    place: `${file}:${p.line}:${p.pos}`,
    value: p.value ?? '',
    message: p.message,
    ...(p.hint ? { hint: p.hint } : {}),
  }));
}
