import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatProblem, UserError } from '../src/domain/user-error.js';
import { parsePlan } from '../src/plan/load-plan.js';

const FILE = 'plans/chengdu-ec-2021-2025.yaml';
const text = readFileSync(FILE, 'utf8');

function problems(yaml: string): string[] {
  try {
    parsePlan(yaml, FILE);
  } catch (e) {
    if (e instanceof UserError) return e.problems.map(formatProblem);
    throw e;
  }
  return [];
}

describe('mapping rules in a plan file', () => {
  it('reports an unknown field, a wrong operator, an unknown code and a foreign breakdown at their file:line', () => {
    const broken = text
      .replace(
        '{ field: cross_border, op: ne, values: [none] }\n    breakdowns: [platform]',
        '{ field: border, op: ne, values: [none] }\n    breakdowns: [platform]',
      )
      .replace(
        '{ field: is_live, op: is_true }\n      - { field: trade_mode',
        '{ field: is_live, op: eq, values: [1] }\n      - { field: trade_mode',
      )
      .replace('{ field: trade_mode, op: eq, values: [B2B] }', '{ field: trade_mode, op: eq, values: [B2G] }')
      .replace(
        'aggregate: sum_net_gmv\n    where:\n      - { field: is_agricultural, op: is_true }\n      - { field: trade_mode, op: in, values: [B2C, C2C] }\n    breakdowns: [platform, category]',
        'aggregate: sum_net_gmv\n    where:\n      - { field: is_agricultural, op: is_true }\n      - { field: trade_mode, op: in, values: [B2C, C2C] }\n    breakdowns: [platform, domain]',
      );
    const out = problems(broken);
    const at = (needle: string): string =>
      `${FILE}:${broken.slice(0, broken.indexOf(needle)).split('\n').length}:`;
    expect(out).toHaveLength(4);
    expect(out[0]).toMatch(
      new RegExp(
        `^${at('field: border')}\\d+: border — feed_rules\\[4\\]\\.where\\[0\\]\\.field：未知的平台数据字段「border」`,
      ),
    );
    expect(out[1]).toContain('标志字段 is_live 只能用 is_true 或 is_false，不能用「eq」');
    expect(out[1]).toMatch(new RegExp(`^${at('field: is_live, op: eq')}`));
    expect(out[2]).toContain('breakdowns[1]：计量项 agricultural_online_retail 没有分组维度「domain」');
    expect(out[3]).toContain('trade_mode 没有编码「B2G」（可用编码：B2B、B2C、C2C）');
  });
});
