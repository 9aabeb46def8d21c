/**
 * Loads a plan file: YAML → schema → reference checks → the normalised {@link Plan}.
 * Every problem names `file:line:column`, the YAML path, the value and what to do; all are reported at once
 * (shape errors first: references are checked only once the shape is right).
 */
import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument } from 'yaml';
import { type Problem, UserError } from '../domain/user-error.js';
import { checkPlanReferences } from './check-plan-references.js';
import { resolveDimensions } from './dimensions.js';
import { normaliseForms } from './form-spec.js';
import { ALL_AREAS, type PlanFile, planFileSchema } from './plan-schema.js';
import type { Plan } from './plan-types.js';
import { schemaProblems } from './schema-problems.js';
import { formatPath, YamlPlaces } from './yaml-places.js';

export { planSummary } from './plan-summary.js';

function fail(problems: Problem[]): never {
  throw new UserError(problems);
}

function normalise(data: PlanFile): Plan {
  const members = data.areas.map((a) => a.code).filter((c) => c !== data.root_area);
  return {
    ...data,
    zones: data.zones.map((z) => ({ ...z, areas: z.areas === ALL_AREAS ? members : z.areas })),
    indicators: data.indicators.map((x) => ({
      ...x,
      target: x.targets[0] ?? null,
      allocations: x.targets.flatMap((t) =>
        (t.allocations ?? []).map((a) => ({
          year: t.year,
          comparator: t.comparator,
          ...a,
          source: a.source ?? { section: `${t.source?.section ?? x.source.section} 目标分解` },
        })),
      ),
    })),
    baseline_facts: data.baseline_facts.map((f) => ({ ...f, value: String(f.value).trim() })),
    dimensions: resolveDimensions(data.dimensions, data.domains),
    forms: normaliseForms(data),
  };
}

/**
 * Parses and validates plan text; throws {@link UserError} listing every problem.
 * @example parsePlan(readFileSync('plans/chengdu-ec-2021-2025.yaml', 'utf8'), 'plans/chengdu-ec-2021-2025.yaml')
 */
export function parsePlan(text: string, file: string): Plan {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    fail(
      doc.errors.map((e) => {
        const { line, col } = lineCounter.linePos(e.pos[0]);
        return {
          place: `${file}:${line}:${col}`,
          value: '',
          message: `YAML 语法错误：${e.message.split('\n')[0]}`,
          hint: '检查缩进、冒号后的空格和引号是否成对',
        };
      }),
    );
  }
  const places = new YamlPlaces(doc, lineCounter, file);
  const parsed = planFileSchema.safeParse(doc.toJS() ?? {});
  if (!parsed.success) fail(schemaProblems(parsed.error.issues, places));

  const data = parsed.data;
  data.baseline_facts.forEach((f, i) => {
    // Keep a number exactly as written (435.80 stays "435.80"), not as the float YAML read.
    if (typeof f.value === 'number') f.value = places.value(['baseline_facts', i, 'value']);
  });
  const issues = checkPlanReferences(data);
  if (issues.length > 0) {
    fail(
      issues.map((issue) => ({
        place: places.place(issue.path, issue.column === undefined ? {} : { column: issue.column }),
        value: places.value(issue.path),
        message: `${formatPath(issue.path)}：${issue.message}`,
        hint: issue.hint,
      })),
    );
  }
  return normalise(data);
}

/** Reads and validates a plan file (see {@link parsePlan}). */
export function loadPlan(file: string): Plan {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new UserError({
      place: file,
      value: '',
      message: `无法读取计划文件：${(e as NodeJS.ErrnoException).code ?? String(e)}`,
      hint: '检查路径是否正确，默认计划为 plans/chengdu-ec-2021-2025.yaml',
    });
  }
  return parsePlan(text, file);
}
