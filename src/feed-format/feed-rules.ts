/**
 * The rules a feed row must satisfy, with the words of the error file: rule ids (the `rule` column of the
 * error file and of quarantine), their messages, and what a typed value must look like. One list for every
 * engine: the SQL that checks them (src/ingest/feed/validate-feed.ts; the analytical engine's own checks in
 * src/store) takes its words from here, so an error line reads the same whichever engine found it.
 */
import type { FeedValueKind } from './feed-schema.js';

export const RULES = {
  structure: '记录无法解析',
  type: '类型错误',
  required: '必填项为空',
  period_format: '期间应为 YYYY-MM 格式的月份',
  period_outside: '期间不在本批次内',
  period_range: '期间不在本计划的监测期内',
  platform: '平台与 --platform 不符',
  area: '未知区划代码（不是本计划的下级区划）',
  code: '未知编码',
  category_kind: '与品类的实物/服务类型不符',
  negative: '金额或订单数不能为负',
  refunds_above_gmv: '退款额大于成交额',
  duplicate: '店铺 × 品类在同一平台同一期间重复',
  uscc: '统一社会信用代码无效',
} as const;
export type RuleId = keyof typeof RULES;

/** What a value of each non-text kind must look like, in the words of an error line. */
export const TYPE_RULES: Readonly<Record<Exclude<FeedValueKind, 'text'>, string>> = {
  amount: '不是有效金额（元：整数部分最多 16 位，最多两位非零小数，不带千分位逗号、指数或单位，如 1234.56）',
  count: '不是有效整数（最多 18 位，不带千分位逗号或指数）',
  flag: '不是有效标志（应为 0/1 或 true/false）',
};

/** The format of a period: a month `YYYY-MM`. */
export const PERIOD_PATTERN = '[0-9]{4}-(0[1-9]|1[0-2])';

/** GB 32100 (src/domain/uscc.ts): 31 characters; the weight of position i (0-based) is 3^i mod 31. */
export const USCC_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
export const USCC_WEIGHTS: readonly number[] = Array.from({ length: 17 }, (_, i) => 3 ** i % 31);

/** Why a USCC is invalid, in the order the checks run (length, characters, check character). */
export const USCC_MESSAGES = {
  length: ['统一社会信用代码应为18位，实际为', '位'],
  chars: '统一社会信用代码含非法字符（不可使用 I、O、S、V、Z 及小写字母）',
  check: '统一社会信用代码校验位错误：应为 ',
} as const;

/** The key a store reports once per category and month (with the period). */
export const DUPLICATE_KEY: readonly string[] = ['store_id', 'category'];
