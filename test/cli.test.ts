import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { engines } from './support/engines.js';
import { REQUIRED_RESULT_FIELDS } from './support/result-fields.js';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'ecmon-cli-'));

/** Runs the built `ecmon` command (npm test builds before running the tests). */
async function ecmon(args: string[], env: Record<string, string> = {}) {
  try {
    const r = await run('node', ['bin/ecmon.js', ...args], { env: { ...process.env, ...env } });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

describe('ecmon plan', () => {
  it('check accepts the Chengdu plan and says what it holds', async () => {
    const r = await ecmon(['plan', 'check', 'plans/chengdu-ec-2021-2025.yaml']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('校验通过');
  });

  it('check lists every problem of a broken plan with file:line:column and exits 1 without a stack trace', async () => {
    const f = join(dir, 'broken.yaml');
    writeFileSync(
      f,
      'id: x\nversion: "1"\nmetadata:\n  title: t\n  issuer: i\n  period: { start: 2021, end: 2025, base_year: 2020 }\nareas: []\n',
    );
    const r = await ecmon(['plan', 'check', f]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${f}:7:8: areas：至少需要 1 项`);
    expect(r.stderr).toContain(`${f}:1:1: root_area：缺少必填字段`);
    expect(r.stderr).toContain('共 4 个问题');
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
  });

  it('show --format json prints the normalised plan with indicators, domains, zones and actions', async () => {
    const r = await ecmon(['plan', 'show', 'plans/chengdu-ec-2021-2025.yaml', '--format', 'json']);
    expect(r.code).toBe(0);
    const plan = JSON.parse(r.stdout);
    const retail = plan.indicators.find((i: { id: string }) => i.id === 'online_retail_sales');
    expect(retail).toMatchObject({
      name: '网上零售额',
      unit: '亿元',
      baseline: { year: 2020, value: 4129.5 },
      target: { year: 2025, value: 8000, comparator: '>=' },
      direction: 'higher',
    });
    expect(plan.domains).toHaveLength(8);
    expect(plan.actions).toHaveLength(7);
    expect(plan.actions.every((a: { tasks: unknown[] }) => a.tasks.length > 0)).toBe(true);
    const qbj = plan.zones.filter((z: { areas: string[] }) => z.areas.includes('510113'));
    expect(qbj.length).toBeGreaterThanOrEqual(2);
  });

  it('loads the national plan with no code change', async () => {
    const r = await ecmon(['plan', 'show', 'plans/national-ec-2021-2025.yaml', '--format', 'json']);
    expect(r.code).toBe(0);
    const plan = JSON.parse(r.stdout);
    expect(plan.root_area).toBe('100000');
  });
});

describe.each(engines())('ecmon on $engine', (target) => {
  afterAll(() => target.cleanup());

  it('init loads the plan; import and observations --format csv round-trip; bad rows exit 1 and write nothing', async () => {
    const db = await target.create();
    const env = { ECMON_DB: db };
    const init = await ecmon(['init'], env);
    expect(init.code).toBe(0);
    expect(init.stdout).toContain('已加载计划');

    const good = join(dir, `good-${target.engine}.csv`);
    writeFileSync(good, 'measure,area,period,value,unit\nonline_retail_sales,510100,2021,4873.2,亿元\n');
    const imp = await ecmon(['import', 'observations', good], env);
    expect(imp.code).toBe(0);

    const bad = join(dir, `bad-${target.engine}.csv`);
    writeFileSync(
      bad,
      'measure,area,period,value\nonline_retail_sales,510100,2022,1\nonline_retail_sales,510100,2022-00,1\n',
    );
    const rejected = await ecmon(['import', 'observations', bad], env);
    expect(rejected.code).toBe(1);
    expect(rejected.stderr).toContain(`${bad}:3:28: 2022-00 — 月份 0 不在 01–12 之间`);

    const out = await ecmon(
      ['observations', '--measure', 'online_retail_sales', '--area', '510100', '--format', 'csv'],
      env,
    );
    expect(out.code).toBe(0);
    const lines = out.stdout.trim().split('\n');
    expect(lines[0]?.startsWith('measure,area,period,value')).toBe(true);
    expect(lines.slice(1).map((l) => l.split(',').slice(0, 4).join(','))).toEqual([
      'online_retail_sales,510100,2020,4129.5',
      'online_retail_sales,510100,2021,4873.2',
    ]);
  });

  it('observations --breakdown reads a part by the plan’s dimensions and names an unknown dimension', async () => {
    const db = await target.create();
    const env = { ECMON_DB: db };
    expect((await ecmon(['init'], env)).code).toBe(0);
    const direct = await ecmon(
      [
        'observations',
        '--measure',
        'ec_employment',
        '--breakdown',
        'employment_type=direct',
        '--format',
        'csv',
      ],
      env,
    );
    expect(direct.code).toBe(0);
    expect(
      direct.stdout
        .trim()
        .split('\n')
        .slice(1)
        .map((l) => l.split(',').slice(0, 6).join(',')),
    ).toEqual(['ec_employment,510100,2020,100.5,万人,employment_type=direct']);
    const unknown = await ecmon(['observations', '--breakdown', 'county=x'], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('--breakdown: county — 计划中没有这个分组维度');
    expect(unknown.stderr).not.toContain('    at ');
  });

  it('indicators answers at 2020 from the plan alone and after an import for a later period, as JSON with every field', async () => {
    const db = await target.create();
    const env = { ECMON_DB: db };
    expect((await ecmon(['init'], env)).code).toBe(0);
    const at2020 = await ecmon(['indicators', '--period', '2020', '--format', 'json'], env);
    expect(at2020.code).toBe(0);
    const rows = JSON.parse(at2020.stdout) as Record<string, unknown>[];
    for (const r of rows) for (const f of REQUIRED_RESULT_FIELDS) expect(r).toHaveProperty(f);
    expect(rows.find((r) => r.indicator === 'ec_transaction_volume')).toMatchObject({
      value: 22637.5,
      area: '510100',
    });
    const later = join(dir, `later-${target.engine}.csv`);
    writeFileSync(
      later,
      'measure,area,period,value,unit,published_yoy\nec_transaction_volume,510100,2022,27000,亿元,9.5\n',
    );
    expect((await ecmon(['import', 'observations', later], env)).code).toBe(0);
    const at2022 = await ecmon(
      ['indicators', '--period', '2022', '--indicator', 'ec_transaction_volume', '--format', 'json'],
      env,
    );
    const [r] = JSON.parse(at2022.stdout);
    expect(r).toMatchObject({ value: 27000, yoy: { value: 0.095, basis: 'published_comparable' } });
    expect(r.avg_growth_since_baseline).toBeCloseTo((27000 / 22637.5) ** 0.5 - 1, 10);
    const table = await ecmon(['indicators', '--period', '2022'], env);
    expect(table.stdout).toContain('27,000.00 亿元');
    expect(table.stdout).toContain('+9.50%（可比）');
    expect(table.stdout).toContain('暂无数据');
    const bad = await ecmon(['indicators', '--period', '2022-Q5'], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('--period: 2022-Q5 — 无法识别的期间');
  });
});
