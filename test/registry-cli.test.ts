import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { usccCheckChar } from '../src/domain/uscc.js';
import { engines } from './support/engines.js';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'ecmon-registry-cli-'));

/** Runs the built `ecmon` command (npm test builds before running the tests) in `dir`. */
async function ecmon(args: string[]) {
  try {
    const r = await run('node', [join(process.cwd(), 'bin/ecmon.js'), ...args], { cwd: dir });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

const uscc = (n: number): string => {
  const stem = `91510100MA${String(n).padStart(7, '0')}`;
  return stem + usccCheckChar(stem);
};

async function fill(file: string, firms: string[][], titles: string[][]): Promise<void> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(join(dir, file));
  firms.forEach((r, i) => {
    (wb.getWorksheet('企业') as ExcelJS.Worksheet).getRow(i + 2).values = r;
  });
  titles.forEach((r, i) => {
    (wb.getWorksheet('认定') as ExcelJS.Worksheet).getRow(i + 2).values = r;
  });
  await wb.xlsx.writeFile(join(dir, file));
}

describe.each(engines())('ecmon registry on $engine', (target) => {
  afterAll(() => target.cleanup());

  it('template → a wrong check digit is refused at e.xlsx:企业:ROW:统一社会信用代码; 6 firms in 2023, 5 in 2024', async () => {
    const db = await target.create();
    const init = await ecmon([
      '--db',
      db,
      'init',
      '--plan',
      join(process.cwd(), 'plans/chengdu-ec-2021-2025.yaml'),
    ]);
    expect(init.code, init.stderr).toBe(0);
    const t = await ecmon(['--db', db, 'registry', 'template', 'enterprise', '--out', 'e.xlsx']);
    expect(t.code, t.stderr).toBe(0);
    const good = uscc(1);
    const bad = `${good.slice(0, 17)}${good[17] === '0' ? '1' : '0'}`;
    await fill(
      'e.xlsx',
      [
        [good, '成都甲电商有限公司', '510104 锦江区'],
        [bad, '成都乙电商有限公司', '510107 武侯区'],
      ],
      [],
    );
    const refused = await ecmon(['--db', db, 'registry', 'import', 'e.xlsx']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`e.xlsx:企业:3:统一社会信用代码: ${bad} — 统一社会信用代码校验位错误`);
    expect(refused.stderr).not.toMatch(/at .*\.js:\d+/);
    const listed = await ecmon(['--db', db, 'registry', 'list', '--format', 'json']);
    expect(JSON.parse(listed.stdout)).toEqual([]);

    await ecmon(['--db', db, 'registry', 'template', 'enterprise', '--out', 'f.xlsx']);
    const firms = [1, 2, 3, 4, 5, 6].map((n) => [uscc(n), `成都${n}号科技有限公司`, '510107']);
    const titles = [1, 2, 3, 4, 5, 6].map((n) => [
      uscc(n),
      n % 2 ? '独角兽企业' : '瞪羚企业',
      `202${n % 4}-03-01`,
      n === 6 ? '2024-06-30' : '',
      '成都市新经济发展委员会',
      `成新经委〔2023〕${n}号`,
    ]);
    await fill('f.xlsx', firms, titles);
    const ok = await ecmon(['--db', db, 'registry', 'import', 'f.xlsx']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('已写入重点企业项目库第 1 版');
    const at = async (period: string) => {
      const r = await ecmon([
        '--db',
        db,
        'indicators',
        '--period',
        period,
        '--indicator',
        'ec_unicorn_gazelle_firms',
        '--format',
        'json',
      ]);
      expect(r.code, r.stderr).toBe(0);
      return JSON.parse(r.stdout)[0];
    };
    const y2023 = await at('2023');
    expect(y2023.value).toBe(6);
    const entities = y2023.components.find((c: { of: string }) => c.of === 'counted_entities').entities;
    expect(entities.map((e: { code: string }) => e.code).sort()).toEqual([1, 2, 3, 4, 5, 6].map(uscc).sort());
    expect(entities[0]).toMatchObject({
      area: '510107',
      document: expect.stringMatching(/^成新经委〔2023〕\d号$/),
    });
    const y2024 = await at('2024');
    expect(y2024.value).toBe(5);
    expect(y2024.components.find((c: { of: string }) => c.of === 'counted_entities').entities).toHaveLength(
      5,
    );
  }, 120_000);
});
