import { describe, expect, it } from 'vitest';
import { UserError } from '../../domain/user-error.js';
import { formatFromExtension, resolveGenerateOptions } from './generate-options.js';
import { checkXlsxRowLimit } from './write-xlsx-feed.js';

function problemsOf(fn: () => unknown): { place: string; value: string; message: string }[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof UserError) return e.problems;
    throw e;
  }
  throw new Error('expected a UserError');
}

describe('resolveGenerateOptions', () => {
  it('fills defaults: seed 20211221, format from the extension, UTF-8', () => {
    expect(resolveGenerateOptions({ period: '2020-11', rows: 100, out: 'x.parquet' })).toEqual({
      period: '2020-11',
      year: 2020,
      month: 11,
      rows: 100,
      out: 'x.parquet',
      platform: null,
      seed: 20211221,
      format: 'parquet',
      encoding: 'utf8',
    });
    expect(formatFromExtension('feed.JSONL')).toBe('ndjson');
    expect(formatFromExtension('feed.txt')).toBe('csv');
  });

  it('names the option, the value and the rule for each bad option, all at once', () => {
    const problems = problemsOf(() =>
      resolveGenerateOptions({ period: '2020-Q1', rows: 1.5, out: 'x.csv', platform: 'taobao', seed: -1 }),
    );
    expect(problems.map((p) => [p.place, p.value])).toEqual([
      ['--period', '2020-Q1'],
      ['--platform', 'taobao'],
      ['--seed', '-1'],
      ['--rows', '1.5'],
    ]);
    expect(problems[1]?.message).toContain('sim-mall');
  });

  it('refuses years before the 2020 base and rows too few to calibrate', () => {
    expect(
      problemsOf(() => resolveGenerateOptions({ period: '2019', rows: 10, out: 'x.csv' }))[0]?.message,
    ).toContain('2020');
    const [few] = problemsOf(() => resolveGenerateOptions({ period: '2020', rows: 10, out: 'x.csv' }));
    expect(few?.place).toBe('--rows');
    expect(few?.message).toContain('预算单元');
  });

  it('allows GB18030 for CSV only and a missing directory not at all', () => {
    const [encoding] = problemsOf(() =>
      resolveGenerateOptions({ period: '2020-01', rows: 100, out: 'x.ndjson', encoding: 'gb18030' }),
    );
    expect(encoding?.place).toBe('--encoding');
    const [out] = problemsOf(() =>
      resolveGenerateOptions({ period: '2020-01', rows: 100, out: '/no/such/dir/x.csv' }),
    );
    expect(out?.place).toBe('--out');
  });
});

describe('XLSX sheet limit', () => {
  it('accepts 1,048,575 data rows and refuses one more with a Chinese explanation', () => {
    expect(() => checkXlsxRowLimit(1_048_575)).not.toThrow();
    const [problem] = problemsOf(() => checkXlsxRowLimit(1_048_576));
    expect(problem?.place).toBe('--rows');
    expect(problem?.message).toContain('最多容纳 1048575 行');
    expect(
      problemsOf(() => resolveGenerateOptions({ period: '2020', rows: 2_000_000, out: 'x.xlsx' }))[0]?.place,
    ).toBe('--rows');
  });
});
