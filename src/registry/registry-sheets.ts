/**
 * The sheets of a registry workbook (template, import, export): 企业, one sheet per plan kind, 认定 and 信用,
 * each with Chinese headings. Coded columns carry the list their values come from (data validation).
 */
import type { Plan } from '../plan/plan-types.js';
import { ENTERPRISE_KIND } from '../plan/registry-spec.js';

export type ColumnType =
  | 'text'
  | 'uscc'
  | 'area'
  | 'domain'
  | 'date'
  | 'number'
  | 'choice'
  | 'designation'
  | 'credit_type'
  | 'yes_no';

export interface SheetColumn {
  key: string;
  heading: string;
  type: ColumnType;
  required: boolean;
  /** For `choice` columns: the allowed values. */
  choices?: string[];
}

export interface SheetSpec {
  name: string;
  /** `enterprise`, a plan kind id, `designation` or `credit`. */
  role: string;
  columns: SheetColumn[];
}

export const ENTERPRISE_SHEET = '企业';
export const DESIGNATION_SHEET = '认定';
export const CREDIT_SHEET = '信用';
export const USCC_HEADING = '统一社会信用代码';

const col = (key: string, heading: string, type: ColumnType, required = false): SheetColumn => ({
  key,
  heading,
  type,
  required,
});

/** Every sheet the plan's registry declares, in workbook order. */
export function registrySheets(plan: Plan): SheetSpec[] {
  const place = [col('area', '所在区域', 'area', true), col('domain', '所属领域', 'domain')];
  return [
    {
      name: ENTERPRISE_SHEET,
      role: ENTERPRISE_KIND,
      columns: [
        col('id', USCC_HEADING, 'uscc', true),
        col('name', '企业名称', 'text', true),
        ...place,
        col('founded', '成立日期', 'date'),
      ],
    },
    ...plan.registry.kinds.map((k) => ({
      name: k.name,
      role: k.id,
      columns: [
        col('id', '编号', 'text', true),
        col('name', '名称', 'text', true),
        ...place,
        col('operator', '运营企业统一社会信用代码', 'uscc'),
        ...k.fields.map((f) => ({
          key: `field:${f.id}`,
          heading: f.name,
          type: f.type === 'choice' ? ('choice' as const) : f.type,
          required: f.required,
          ...(f.choices ? { choices: f.choices } : {}),
        })),
      ],
    })),
    {
      name: DESIGNATION_SHEET,
      role: 'designation',
      columns: [
        col('entity_id', '对象编号（统一社会信用代码或载体编号）', 'text', true),
        col('designation', '认定类型', 'designation', true),
        col('valid_from', '生效日期', 'date', true),
        col('valid_to', '失效日期', 'date'),
        col('body', '认定机构', 'text'),
        col('document', '认定文号', 'text'),
        col('source', '来源', 'text'),
      ],
    },
    {
      name: CREDIT_SHEET,
      role: 'credit',
      columns: [
        col('entity_id', USCC_HEADING, 'uscc', true),
        col('credit_type', '信用类型', 'credit_type', true),
        col('record_date', '日期', 'date', true),
        col('source', '来源', 'text'),
        col('document', '文书编号', 'text'),
        col('valid_to', '有效期至', 'date'),
        col('public', '是否公示', 'yes_no'),
        col('note', '说明', 'text'),
      ],
    },
  ];
}

/** The sheets a template for `kind` holds: the kind's own sheet, then 认定 and 信用. */
export function templateSheets(plan: Plan, kind: string): SheetSpec[] | null {
  const all = registrySheets(plan);
  const own = all.find((s) => s.role === kind);
  if (!own) return null;
  return [own, ...all.filter((s) => s.role === 'designation' || s.role === 'credit')];
}

/** The values offered for a coded column (shown as `code 名称` where a code exists). */
export function columnChoices(plan: Plan, c: SheetColumn): string[] | null {
  switch (c.type) {
    case 'area':
      return plan.areas.map((a) => `${a.code} ${a.name}`);
    case 'domain':
      return plan.domains.map((d) => d.name);
    case 'designation':
      return plan.registry.designations.map((d) => d.name);
    case 'credit_type':
      return plan.registry.credit_types;
    case 'yes_no':
      return ['是', '否'];
    case 'choice':
      return c.choices ?? null;
    default:
      return null;
  }
}
