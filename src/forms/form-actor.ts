/**
 * Who works on report forms, as the forms code needs to know it: a name for the record, where the request
 * came from, the areas they report for, and whether they review (approve, return, publish, reopen). The HTTP
 * layer and the CLI map their own notion of a user onto this.
 */
import { UserError } from '../domain/user-error.js';
import { APPROVAL_LEVELS, type ApprovalLevel, type FormFile, isEnterpriseForm } from '../plan/form-spec.js';
import type { Via } from '../store/write/audit-log.js';

export interface FormActor {
  name: string;
  via: Via;
  /** The areas whose forms they may see and fill; `all` for the bureau's analysts. */
  areas: readonly string[] | 'all';
  /**
   * The enterprises (统一社会信用代码 or registry codes) whose enterprise forms they fill (企业填报员); the
   * bureau's analysts (`areas: 'all'`) see every enterprise's.
   */
  enterprises?: readonly string[];
  /** 市局分析员: may approve, return, publish and reopen. */
  reviewer: boolean;
  /**
   * 区县审核员: reviews, in their own areas, the forms that declare a district approval level (approves at
   * district level, or returns with a reason) before the city approves.
   */
  districtReviewer?: boolean;
}

/** A form, submission or area outside the actor's scope: reported as not found, never as forbidden. */
export class OutOfScope extends UserError {}

export function inScope(actor: FormActor, area: string): boolean {
  return actor.areas === 'all' || actor.areas.includes(area);
}

/**
 * Whether the actor may see a reporting unit's submissions of a form: an area's for the area's own users and
 * the city; an enterprise's for its own reporters and the city's reviewers only — never a district's users,
 * not even one scoped to the whole city.
 */
export function unitInScope(
  actor: FormActor,
  form: Pick<Partial<FormFile>, 'enterprise_kinds'>,
  unit: string,
): boolean {
  if (isEnterpriseForm(form)) return actor.reviewer || (actor.enterprises ?? []).includes(unit);
  return actor.areas === 'all' || actor.areas.includes(unit);
}

export function assertScope(
  actor: FormActor,
  area: string,
  what: string,
  form: Pick<Partial<FormFile>, 'enterprise_kinds'> = {},
): void {
  if (!unitInScope(actor, form, area))
    throw new OutOfScope({
      place: what,
      value: area,
      message: '没有找到这份报表',
      hint: '只能查看和填报本人负责区域（或本企业）的报表',
    });
}

/** A review the actor's role may not make (answered 403 over HTTP). */
export class NotReviewer extends UserError {}

export function assertReviewer(actor: FormActor, what: string): void {
  if (!actor.reviewer)
    throw new NotReviewer({
      place: what,
      value: actor.name,
      message: '只有市局分析员可以审核、退回、发布或重新打开报表',
      hint: '请联系市局分析员',
    });
}

/**
 * The command line acts as a reviewer over every area, recorded as `cli`: the city's analyst by default, or,
 * at `district` level, a district reviewer (区县审核员) of every area, so the server's operator can record a
 * district review of a form that declares that level.
 */
export const cliActor = (name: string, level: ApprovalLevel = 'city'): FormActor =>
  level === 'district'
    ? { name, via: 'cli', areas: 'all', reviewer: false, districtReviewer: true }
    : { name, via: 'cli', areas: 'all', reviewer: true };

/** An approval level as an option names it (`--level`): `district` or `city`. */
export function parseApprovalLevel(value: string, place = '--level'): ApprovalLevel {
  if ((APPROVAL_LEVELS as readonly string[]).includes(value)) return value as ApprovalLevel;
  throw new UserError({
    place,
    value,
    message: '审核层级应为 district（区县审核）或 city（市局审批）',
    hint: `可选值：${APPROVAL_LEVELS.join('、')}；不写即为 city`,
  });
}
