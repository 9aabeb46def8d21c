/** Turns zod issues on a plan file into Problems in Chinese that name the YAML path, line and column. */
import type { z } from 'zod';
import type { Problem } from '../domain/user-error.js';
import { formatPath, type PathKey, type YamlPlaces } from './yaml-places.js';

const TYPE_ZH: Record<string, string> = {
  string: '文本',
  number: '数字',
  int: '整数',
  boolean: 'true 或 false',
  array: '列表',
  object: '映射（键: 值）',
};

const FORMAT_HINT = '字段说明见 docs/plan-format.md';

function describe(issue: z.core.$ZodIssue): { message: string; hint: string } {
  switch (issue.code) {
    case 'invalid_type':
      return { message: `应为${TYPE_ZH[issue.expected] ?? issue.expected}`, hint: FORMAT_HINT };
    case 'invalid_union':
      return { message: '类型不符（应为文本或数字）', hint: FORMAT_HINT };
    case 'invalid_value':
      return {
        message: `应为 ${issue.values.map(String).join('、')} 之一`,
        hint: `改为 ${issue.values.map(String).join('、')} 中的一个`,
      };
    case 'too_small':
      if (issue.origin === 'string') return { message: '不能为空', hint: '填写内容或删去此字段' };
      if (issue.origin === 'array') return { message: `至少需要 ${issue.minimum} 项`, hint: FORMAT_HINT };
      return { message: `应不小于 ${issue.minimum}`, hint: FORMAT_HINT };
    case 'too_big':
      return { message: `应不大于 ${issue.maximum}`, hint: FORMAT_HINT };
    default:
      return { message: issue.message, hint: FORMAT_HINT };
  }
}

export function schemaProblems(issues: readonly z.core.$ZodIssue[], places: YamlPlaces): Problem[] {
  const problems: Problem[] = [];
  for (const issue of issues) {
    const path = issue.path as PathKey[];
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        problems.push({
          place: places.place(path, { keyOf: key }),
          value: key,
          message: `${formatPath([...path, key])}：未知字段`,
          hint: `检查拼写或删去此字段；${FORMAT_HINT}`,
        });
      }
      continue;
    }
    if (!places.has(path)) {
      problems.push({
        place: places.place(path),
        value: '',
        message: `${formatPath(path)}：缺少必填字段`,
        hint: `在 ${formatPath(path.slice(0, -1)) || '文件顶层'} 下补上 ${String(path.at(-1))}；${FORMAT_HINT}`,
      });
      continue;
    }
    const { message, hint } = describe(issue);
    problems.push({
      place: places.place(path),
      value: places.value(path),
      message: `${formatPath(path)}：${message}`,
      hint,
    });
  }
  return problems;
}
