/**
 * Report form submissions on the one write path: each submission is a batch of kind `form` (form × area ×
 * period, revision n) moving draft → submitted → returned / approved → published through the BatchWriter, so
 * every move is recorded (batch_events and the audit log) and the observations follow the batch: none while
 * a draft, in the analysts' `working` layer once submitted, public once published. Entered values live in
 * `form_values` while the submission is open; every change of one is audited (old → new). Approval locks the
 * values: changing them needs a reviewer to reopen the submission (an approved one is returned, a published one
 * gets a new revision), recorded with the reason.
 */

import { basename } from 'node:path';
import { trimDecimalZeros } from '../domain/decimal-string.js';
import { formatPeriod, type Period, PeriodError, parsePeriod } from '../domain/period.js';
import { convertDecimal } from '../domain/unit.js';
import { UserError } from '../domain/user-error.js';
import { IndicatorEvaluator } from '../engine/evaluate-indicators.js';
import { type ApprovalLevel, isEnterpriseForm, type ReportForm } from '../plan/form-spec.js';
import type { Plan } from '../plan/plan-types.js';
import type { Driver } from '../store/driver.js';
import { queryObservations } from '../store/observation-repository.js';
import type { Store } from '../store/open-store.js';
import type { Visibility } from '../store/visibility.js';
import { type AuditEntry, appendAudit, queryAudit } from '../store/write/audit-log.js';
import { type BatchStatus, STATUS_ZH } from '../store/write/batch-states.js';
import { BatchWriter } from '../store/write/batch-writer.js';
import type { Actor } from '../store/write/transition.js';
import { writeRows } from '../store/write/write-observations.js';
import { deadlineAlerts, redLightAlerts, ruleAlerts } from './alert-checks.js';
import { type Alert, type AlertSettings, type NewAlert, raiseAlerts } from './alerts.js';
import { PlanNames } from './cell-label.js';
import { type EnterpriseSummary, enterpriseSummary } from './enterprise-summary.js';
import { blocking, RuleEvaluator, type Violation } from './evaluate-rules.js';
import {
  assertReviewer,
  assertScope,
  type FormActor,
  NotReviewer,
  OutOfScope,
  unitInScope,
} from './form-actor.js';
import { type Clock, deadlineOf, periodFitsForm, systemClock } from './form-periods.js';
import { enterpriseReporters, entitiesByCode, type Reporter } from './form-reporters.js';
import { FORM_SHEET, readFormWorkbook, templateRow, writeFormTemplate } from './form-workbook.js';
import { type ProgressRow, reportingProgress } from './progress.js';

/** An amount as a form accepts it: the store keeps two decimals in the form's unit. */
const AMOUNT = /^-?\d{1,16}(\.\d{1,2})?$/;

export interface Submission {
  batch_id: string;
  form_id: string;
  area: string;
  period: string;
  revision: number;
  status: BatchStatus;
  created_by: string;
  /**
   * The highest approval level reached: `district` (区县已审核, awaiting the city), `city` (approved or
   * published), or null (not yet approved).
   */
  approval_level: ApprovalLevel | null;
  /** The district reviewer who approved it at district level (null when none has). */
  district_approved_by: string | null;
}

/** A submission with its state and district approval, as every query of them reads it. */
const SUBMISSION_SQL = `SELECT f.batch_id, f.form_id, f.area, f.period, f.revision, b.status, f.created_by,
    a.approved_by AS district_approved_by
  FROM form_submissions f JOIN batches b ON b.id = f.batch_id
  LEFT JOIN form_approvals a ON a.batch_id = f.batch_id AND a.level = 'district'`;

/** A form for one area and period as the entry grid shows it. */
export interface FormEntry {
  form: ReportForm;
  area: string;
  period: string;
  submission: Submission | null;
  /** Entered values in the form's units ('' or null = empty). */
  values: Record<string, string | null>;
  notes: Record<string, string>;
  /** What the public sees now for each cell, in the form's units (analysts compare). */
  published: Record<string, string | null>;
  violations: Violation[];
  /** Whether the actor may change the values now. */
  editable: boolean;
  /** The approval level the actor reviews this form at (null: the actor does not review it). */
  review_level: ApprovalLevel | null;
}

/** A submission refused by its rules: the violations say which cell, which values, which rule, what to do. */
export class FormViolations extends UserError {
  constructor(
    readonly violations: Violation[],
    /** Where each violation is shown: the cell's label, or its place in an uploaded workbook. */
    placeOf: (v: Violation) => string = (v) => v.label.zh,
  ) {
    super(
      violations.map((v) => ({
        place: placeOf(v),
        value: v.values.map((x) => x.value ?? '').join(' / '),
        message: v.message.zh,
        hint:
          v.needs === 'fix'
            ? v.hint.zh
            : `${v.hint.zh}（${v.needs === 'comment' ? '须填写说明' : '须填写原因'}，键 ${v.note_key}）`,
      })),
    );
  }
}

export interface EntryInput {
  form: string;
  area: string;
  period: string;
  values?: Readonly<Record<string, string | null>>;
  notes?: Readonly<Record<string, string>>;
}

const LOCKED: Partial<Record<BatchStatus, string>> = {
  submitted: '已提交，等待审核，不能修改',
  approved: '已审核锁定，不能修改',
  published: '已发布，不能修改',
};

export class FormService {
  readonly names: PlanNames;
  private readonly evaluator: RuleEvaluator;

  readonly clock: Clock;
  private readonly alertSettings: AlertSettings;

  constructor(
    private readonly store: Store,
    private readonly plan: Plan,
    opts: { clock?: Clock; alerts?: AlertSettings } = {},
  ) {
    this.names = new PlanNames(plan);
    this.evaluator = new RuleEvaluator(plan, this.names);
    this.clock = opts.clock ?? systemClock;
    this.alertSettings = opts.alerts ?? {};
  }

  /** 报送进度 over the actor's areas (see progress.ts). */
  progress(actor: FormActor, opts: Parameters<typeof reportingProgress>[4] = {}): Promise<ProgressRow[]> {
    const seesEnterprises = actor.reviewer || (actor.enterprises?.length ?? 0) > 0;
    return reportingProgress(this.store.driver, this.forms, actor, this.clock, opts, async (form, period) => {
      if (!isEnterpriseForm(form)) return form.areas;
      return seesEnterprises ? (await this.reporters(form, period)).map((r) => r.id) : [];
    });
  }

  /**
   * 企业报表汇总 of an enterprise form for a period: reporters, submissions and the approved figures added up by
   * area and for the city (the city's roles only).
   */
  async summary(actor: FormActor, formId: string, periodText: string): Promise<EnterpriseSummary> {
    assertReviewer(actor, 'summary');
    const form = this.form(formId);
    if (!isEnterpriseForm(form))
      throw new UserError({
        place: 'FORM',
        value: formId,
        message: `「${form.name}」按区划填报，不是企业报表`,
        hint: '区划报表的汇总见指标与各区（市）县页面',
      });
    const period = formatPeriod(this.period(form, periodText));
    const reporters = await this.reporters(form, period);
    // And the firms that reported the period although the registry no longer lists them for it.
    const listed = new Set(reporters.map((r) => r.id));
    const others = (
      await this.store.driver.query<{ area: string }>(
        'SELECT DISTINCT area FROM form_submissions WHERE form_id = $1 AND period = $2',
        [form.id, period],
      )
    )
      .map((r) => String(r.area))
      .filter((u) => !listed.has(u));
    const past = await entitiesByCode(this.store.driver, others);
    this.names.addUnits(past);
    return enterpriseSummary(this.store.driver, form, period, [...reporters, ...past], this.plan.root_area);
  }

  /** The registry entities that report an enterprise form for a period (their names are remembered). */
  async reporters(form: ReportForm, period: string): Promise<Reporter[]> {
    const list = await enterpriseReporters(this.store.driver, form, period);
    this.names.addUnits(list);
    return list;
  }

  /** Raises 逾期未报 alerts for every form past its deadline and not submitted (the last `periods` periods). */
  async checkDeadlines(periods = 3): Promise<Alert[]> {
    const rows = await this.progress(
      { name: 'system', via: 'system', areas: 'all', reviewer: true },
      { periods },
    );
    return this.raise(deadlineAlerts(rows, this.names));
  }

  /**
   * Raises 指标亮红灯 alerts for every indicator whose published light is red at an area and one of `periods`
   * (one evaluation for all of them).
   */
  async checkRedLights(periods: readonly string[], areas?: readonly string[]): Promise<Alert[]> {
    if (!periods.length) return [];
    const results = await new IndicatorEvaluator(this.plan).evaluate(this.store.driver, {
      periods: periods.map(parsePeriod),
      ...(areas ? { areas } : {}),
    });
    return this.raise(redLightAlerts(results, this.names));
  }

  /** Stores alerts and sends them to the webhook when one is set. */
  raise(alerts: readonly NewAlert[]): Promise<Alert[]> {
    return raiseAlerts(this.store.driver, this.store.dialect, alerts, this.alertSettings);
  }

  /**
   * Σ districts ≈ city for a form and period, once every area of the form has figures (as analysts see them):
   * the violations, each raised as an alert.
   */
  async checkCityTotals(formId: string, period: string): Promise<Violation[]> {
    const form = this.form(formId);
    if (isEnterpriseForm(form)) return [];
    const areas = new Map<string, Record<string, string | null>>();
    for (const area of form.areas) {
      const values = await this.visibleValues(this.store.driver, form, area, period, 'working');
      if (Object.values(values).every((v) => v === null)) return [];
      areas.set(area, values);
    }
    const city: Record<string, string | null> = {};
    for (const m of form.measures) {
      const [row] = await queryObservations(this.store.driver, {
        measure: m.measure,
        area: this.plan.root_area,
        period,
        visibility: 'working',
      });
      city[m.measure] = row?.value ?? null;
    }
    const violations = this.evaluator.checkDistrictSum(form, period, areas, city);
    await this.raise(ruleAlerts(violations, `${form.id}|${period}`, {}));
    return violations;
  }

  /** The codes of the plan's areas (a district account scoped to the whole city reads these). */
  get areaCodes(): string[] {
    return this.plan.areas.map((a) => a.code);
  }

  get forms(): ReportForm[] {
    return this.plan.forms ?? [];
  }

  /** The form with this id as scope checks need it (a form no longer in the plan: an area form). */
  private formOrNone(id: string): Partial<ReportForm> {
    return this.forms.find((x) => x.id === id) ?? {};
  }

  /** The form with this id, or a UserError naming the forms there are. */
  form(id: string): ReportForm {
    const f = this.forms.find((x) => x.id === id);
    if (!f)
      throw new OutOfScope({
        place: 'FORM',
        value: id,
        message: '计划中没有这个报表',
        hint: `可用报表：${this.forms.map((x) => x.id).join('、') || '（计划未定义报表）'}`,
      });
    return f;
  }

  /** The period, checked against the form's period type. */
  period(form: ReportForm, text: string): Period {
    let p: Period;
    try {
      p = parsePeriod(text);
    } catch (e) {
      if (!(e instanceof PeriodError)) throw e;
      throw new UserError({
        place: '--period',
        value: text,
        message: e.reason,
        hint: '月报填 2026-10 这样的年月',
      });
    }
    if (!periodFitsForm(form, p))
      throw new UserError({
        place: '--period',
        value: text,
        message: `报表「${form.name}」按${{ monthly: '月', quarterly: '季', annual: '年' }[form.period]}填报，期间不符`,
        hint: { monthly: '如 2026-10', quarterly: '如 2026-Q3', annual: '如 2026' }[form.period],
      });
    return p;
  }

  /**
   * The actor may see the reporting unit's form (else not found), and the unit reports it: an area of an area
   * form, or for an enterprise form an entity the registry lists as its reporter for the period.
   */
  private async checkUnit(actor: FormActor, form: ReportForm, unit: string, period: string): Promise<void> {
    if (!isEnterpriseForm(form)) {
      assertScope(actor, unit, '--area', form);
      if (!form.areas.includes(unit))
        throw new OutOfScope({
          place: '--area',
          value: unit,
          message: `区划 ${this.names.area(unit).zh} 不填报「${form.name}」`,
          hint: '只能填报本报表适用的区划',
        });
      return;
    }
    assertScope(actor, unit, '--area', form);
    // A firm that reported the period keeps its form even if the registry has since changed its designation.
    if ((await this.reporters(form, period)).some((r) => r.id === unit)) return;
    const [reported] = await this.store.driver.query(
      'SELECT 1 AS one FROM form_submissions WHERE form_id = $1 AND area = $2 AND period = $3 LIMIT 1',
      [form.id, unit, period],
    );
    if (reported) {
      this.names.addUnits(await entitiesByCode(this.store.driver, [unit]));
      return;
    }
    throw new OutOfScope({
      place: '--area',
      value: unit,
      message: `${unit} 不是「${form.name}」${period} 的填报企业`,
      hint: form.designations?.length
        ? '企业报表由期末在名录中持有相应认定的企业填报；请核对统一社会信用代码与名录'
        : '企业报表由名录中相应类别的企业填报；请核对统一社会信用代码与名录',
    });
  }

  /** The latest submission of a form × area × period (a rolled-back one counts as none). */
  async current(db: Driver, form: string, area: string, period: string): Promise<Submission | null> {
    const [r] = await db.query(
      `${SUBMISSION_SQL} WHERE f.form_id = $1 AND f.area = $2 AND f.period = $3 ORDER BY f.revision DESC LIMIT 1`,
      [form, area, period],
    );
    if (!r) return null;
    const s = toSubmission(r);
    return s.status === 'rolled_back' ? null : s;
  }

  /** A submission by batch id, within the actor's scope (else not found). */
  async submission(actor: FormActor, batchId: string, db: Driver = this.store.driver): Promise<Submission> {
    const [r] = await db.query(`${SUBMISSION_SQL} WHERE f.batch_id = $1`, [batchId]);
    if (!r || !unitInScope(actor, this.formOrNone(String(r.form_id)), String(r.area)))
      throw new OutOfScope({
        place: 'ID',
        value: batchId,
        message: '没有找到这份报表',
        hint: '用 ecmon forms progress 查看报表及其批次编号',
      });
    return toSubmission(r);
  }

  /** All submissions the actor may see, newest first (optionally of one status or period). */
  async submissions(actor: FormActor, f: { status?: string; period?: string } = {}): Promise<Submission[]> {
    const rows = await this.store.driver.query(
      `${SUBMISSION_SQL} ORDER BY f.period DESC, f.area, f.revision DESC`,
    );
    return rows
      .map(toSubmission)
      .filter(
        (s) =>
          unitInScope(actor, this.formOrNone(s.form_id), s.area) &&
          (!f.status || s.status === f.status) &&
          (!f.period || s.period === f.period),
      );
  }

  /** The form for an area and period: entered values, notes, what is published, violations. */
  async entry(actor: FormActor, formId: string, area: string, periodText: string): Promise<FormEntry> {
    const form = this.form(formId);
    assertScope(actor, area, '--area', form);
    const period = formatPeriod(this.period(form, periodText));
    await this.checkUnit(actor, form, area, period);
    const db = this.store.driver;
    const submission = await this.current(db, form.id, area, period);
    const { values, notes } = submission
      ? await this.stored(db, submission.batch_id)
      : { values: {}, notes: {} };
    // An enterprise's own figures are never published one by one (统计法: 个体资料保密).
    const published = isEnterpriseForm(form)
      ? Object.fromEntries(form.measures.map((m) => [m.measure, null]))
      : await this.visibleValues(db, form, area, period, 'published');
    const violations = submission ? await this.check(db, form, area, period, values) : [];
    const status = submission?.status;
    return {
      form,
      area,
      period,
      submission,
      values,
      notes,
      published,
      violations,
      editable: !status || status === 'draft' || status === 'returned',
      review_level: this.reviewLevel(actor, form),
    };
  }

  /**
   * The approval level at which the actor reviews `form`: the city's for analysts; the district's for a
   * district reviewer when the form declares that level (their areas are checked with the submission).
   */
  reviewLevel(actor: FormActor, form: ReportForm): ApprovalLevel | null {
    if (actor.reviewer) return 'city';
    if (actor.districtReviewer && form.approval_levels.includes('district')) return 'district';
    return null;
  }

  /** A submission's history, oldest first: every state change and district approval, from the audit log. */
  async history(
    batchId: string,
  ): Promise<{ from: string | null; to: string; actor: string; reason: string | null; at: string }[]> {
    const rows = await queryAudit(this.store.driver, this.store.dialect, { subject: batchId, what: 'state' });
    return rows.map((r) => ({
      from: r.old_value,
      to: r.new_value ?? '',
      actor: r.actor,
      reason: r.reason,
      at: r.at,
    }));
  }

  private async stored(
    db: Driver,
    batchId: string,
  ): Promise<{ values: Record<string, string | null>; notes: Record<string, string> }> {
    const values = Object.fromEntries(
      (await db.query('SELECT measure, value FROM form_values WHERE batch_id = $1', [batchId])).map((r) => [
        String(r.measure),
        (r.value as string | null) ?? null,
      ]),
    );
    const notes = Object.fromEntries(
      (await db.query('SELECT note_key, note FROM form_notes WHERE batch_id = $1', [batchId])).map((r) => [
        String(r.note_key),
        String(r.note),
      ]),
    );
    return { values, notes };
  }

  /** The cells' values as `visibility` sees them, in the form's units. */
  private async visibleValues(
    db: Driver,
    form: ReportForm,
    area: string,
    period: string,
    visibility: Visibility,
  ): Promise<Record<string, string | null>> {
    const out: Record<string, string | null> = {};
    for (const m of form.measures) {
      const [row] = await queryObservations(db, { measure: m.measure, area, period, visibility });
      out[m.measure] = row ? trimDecimalZeros(convertDecimal(row.value, row.unit, m.unit)) : null;
    }
    return out;
  }

  /** The violations of entered values, with the area's published history for the outlier checks. */
  async check(
    db: Driver,
    form: ReportForm,
    area: string,
    period: string,
    values: Readonly<Record<string, string | null>>,
  ): Promise<Violation[]> {
    const history = isEnterpriseForm(form)
      ? await this.reportedHistory(db, form, area)
      : new Map<string, string>();
    if (!isEnterpriseForm(form))
      for (const m of form.measures)
        for (const row of await queryObservations(db, { measure: m.measure, area }))
          history.set(`${m.measure}|${row.period}`, convertDecimal(row.value, row.unit, m.unit));
    return this.evaluator.checkArea({
      form,
      area,
      period,
      values,
      history: (measure, p) => history.get(`${measure}|${formatPeriod(p)}`) ?? null,
    });
  }

  /**
   * An enterprise's history for the outlier checks: what it reported on this form in each period (the latest
   * submitted, approved or published revision), keyed `measure|period`, in the form's units.
   */
  private async reportedHistory(db: Driver, form: ReportForm, unit: string): Promise<Map<string, string>> {
    const rows = await db.query<{ period: string; measure: string; value: string | null; unit: string }>(
      `SELECT f.period, v.measure, v.value, v.unit FROM form_submissions f
       JOIN batches b ON b.id = f.batch_id JOIN form_values v ON v.batch_id = f.batch_id
       WHERE f.form_id = $1 AND f.area = $2 AND b.status IN ('submitted', 'approved', 'published', 'superseded')
       ORDER BY f.revision`,
      [form.id, unit],
    );
    const units = new Map(form.measures.map((m) => [m.measure, m.unit]));
    const out = new Map<string, string>();
    for (const r of rows) {
      const to = units.get(String(r.measure));
      const key = `${r.measure}|${r.period}`;
      if (r.value === null || !to) out.delete(key);
      else out.set(key, convertDecimal(String(r.value), String(r.unit), to));
    }
    return out;
  }

  /** Checks the typed values: known cells, amounts with at most two decimals. */
  private checkValues(
    form: ReportForm,
    area: string,
    period: string,
    values: Readonly<Record<string, string | null>>,
  ): void {
    const problems = Object.entries(values).flatMap(([measure, raw]) => {
      const fm = form.measures.find((m) => m.measure === measure);
      const cell = { form: form.id, area, period, measure };
      if (!fm)
        return [
          {
            place: `${form.name} · ${measure}`,
            value: measure,
            message: '报表中没有这一项',
            hint: `可填项：${form.measures.map((m) => m.measure).join('、')}`,
          },
        ];
      const v = (raw ?? '').trim();
      if (v === '' || AMOUNT.test(v)) return [];
      return [
        {
          place: this.names.cell(cell).zh,
          value: v,
          message: `应为数字（${fm.unit}），最多两位小数`,
          hint: '只填数字，不带单位和千位分隔符，如 12345.67',
        },
      ];
    });
    if (problems.length) throw new UserError(problems);
  }

  /** Saves entered values (and notes) as a draft; creates the submission when there is none. */
  async saveDraft(actor: FormActor, input: EntryInput): Promise<FormEntry> {
    await this.write(actor, input, false);
    return this.entry(actor, input.form, input.area, input.period);
  }

  /**
   * Submits: saves the values given, refuses while an error rule fails or a warning or outlier has no note
   * ({@link FormViolations}), then moves the batch to submitted and writes its observations to the working layer.
   */
  async submit(actor: FormActor, input: EntryInput): Promise<FormEntry> {
    await this.write(actor, input, true);
    const entry = await this.entry(actor, input.form, input.area, input.period);
    if (entry.submission)
      await this.raise(ruleAlerts(entry.violations, entry.submission.batch_id, entry.notes));
    await this.checkCityTotals(entry.form.id, entry.period);
    return entry;
  }

  /** Writes the Excel template of a form for an area and period, filled with what is saved so far. */
  async template(
    actor: FormActor,
    formId: string,
    area: string,
    period: string,
    file: string,
  ): Promise<void> {
    const e = await this.entry(actor, formId, area, period);
    await writeFormTemplate(
      file,
      e.form,
      area,
      e.period,
      deadlineOf(e.form, parsePeriod(e.period)),
      this.names,
      e,
    );
  }

  /**
   * Saves (or with `submit`, submits) a filled Excel template, with the same checks as the screen; problems
   * and violations are placed at `F.xlsx:填报:row:column`. A note typed beside a value answers the warnings
   * and outlier checks of that cell.
   */
  async upload(
    actor: FormActor,
    file: string,
    opts: { submit?: boolean; label?: string } = {},
  ): Promise<FormEntry> {
    const label = opts.label ?? basename(file);
    const read = await readFormWorkbook(file, (id) => this.form(id), label);
    const form = this.form(read.form);
    assertScope(actor, read.area, '--area', form);
    const period = formatPeriod(this.period(form, read.period));
    await this.checkUnit(actor, form, read.area, period);
    const violations = await this.check(this.store.driver, form, read.area, period, read.values ?? {});
    const notes: Record<string, string> = {};
    for (const v of violations) {
      const note = read.noteByMeasure[v.cell.measure];
      if (note) notes[v.note_key] = note;
    }
    const input = { form: form.id, area: read.area, period, values: read.values ?? {}, notes };
    try {
      return opts.submit ? await this.submit(actor, input) : await this.saveDraft(actor, input);
    } catch (e) {
      if (!(e instanceof FormViolations)) throw e;
      const row = (m: string): number => templateRow(form, m);
      throw new FormViolations(
        e.violations,
        (v) => `${label}:${FORM_SHEET}:${row(v.cell.measure)}:${v.needs === 'fix' ? '数值' : '说明'}`,
      );
    }
  }

  private async write(actor: FormActor, input: EntryInput, submit: boolean): Promise<void> {
    const form = this.form(input.form);
    assertScope(actor, input.area, '--area', form);
    const period = formatPeriod(this.period(form, input.period));
    await this.checkUnit(actor, form, input.area, period);
    this.checkValues(form, input.area, period, input.values ?? {});
    const by: Actor = { actor: actor.name, via: actor.via };
    await this.store.driver.transaction(async (tx) => {
      const writer = new BatchWriter(tx, this.store.dialect, null);
      let s = await this.current(tx, form.id, input.area, period);
      const locked =
        s?.approval_level === 'district' ? '已通过区县审核，等待市局审批，不能修改' : s && LOCKED[s.status];
      if (s && locked)
        throw new UserError({
          place: this.names
            .cell({ form: form.id, area: input.area, period, measure: form.measures[0]?.measure ?? '' })
            .zh.split(' · ')
            .slice(0, 3)
            .join(' · '),
          value: STATUS_ZH[s.status],
          message: `本期报表${locked}`,
          hint:
            s.status !== 'submitted'
              ? '如需更正，请市局分析员重新打开（会记录原因）'
              : form.approval_levels.includes('district')
                ? '如需更正，请区县审核员或市局分析员退回（会记录原因）'
                : '等待市局审核；如需更正，请市局分析员退回',
        });
      if (!s) s = await this.create(tx, writer, form, input.area, period, actor, by, null);
      const audit: AuditEntry[] = [];
      const { values: before } = await this.stored(tx, s.batch_id);
      for (const [measure, raw] of Object.entries(input.values ?? {})) {
        const v = (raw ?? '').trim() || null;
        const old = before[measure] ?? null;
        if (v === old) continue;
        const unit = form.measures.find((m) => m.measure === measure)?.unit ?? '';
        await tx.query('DELETE FROM form_values WHERE batch_id = $1 AND measure = $2', [s.batch_id, measure]);
        await tx.query('INSERT INTO form_values VALUES ($1, $2, $3, $4)', [s.batch_id, measure, v, unit]);
        audit.push({
          ...this.cellAudit(actor, s, measure),
          what: 'value',
          old_value: old === null ? null : `${old} ${unit}`,
          new_value: v === null ? null : `${v} ${unit}`,
          reason: submit ? '提交' : '保存草稿',
        });
      }
      for (const [key, note] of Object.entries(input.notes ?? {})) {
        await tx.query('DELETE FROM form_notes WHERE batch_id = $1 AND note_key = $2', [s.batch_id, key]);
        if (note.trim())
          await tx.query('INSERT INTO form_notes VALUES ($1, $2, $3)', [s.batch_id, key, note.trim()]);
      }
      await appendAudit(tx, this.store.dialect, audit);
      if (!submit) return;
      const { values, notes } = await this.stored(tx, s.batch_id);
      const violations = await this.check(tx, form, input.area, period, values);
      const standing = blocking(violations, notes);
      if (standing.length) throw new FormViolations(standing);
      await writer.move(s.batch_id, 'submitted', {
        ...by,
        reason: violations.length
          ? violations.map((v) => `${v.rule_name.zh}：${notes[v.note_key] ?? ''}`).join('；')
          : null,
      });
      // An enterprise form's values stay with the submission (form_values): no observation of one firm.
      const rows = form.measures
        .filter(() => !isEnterpriseForm(form))
        .filter((m) => values[m.measure] !== null && values[m.measure] !== undefined)
        .map((m) => ({
          measure: m.measure,
          area: input.area,
          period,
          value: values[m.measure] as string,
          unit: m.unit,
          source: `报表：${form.name}`,
          batch_id: s.batch_id,
        }));
      await writeRows(tx, this.store.dialect, rows, s.batch_id, 'working');
      await writer.setObservations(s.batch_id, rows.length);
      await writer.finish(s.batch_id);
    });
  }

  private cellAudit(actor: FormActor, s: Submission, measure: string | null): AuditEntry {
    return {
      actor: actor.name,
      via: actor.via,
      what: 'value',
      subject: s.batch_id,
      form_id: s.form_id,
      area: s.area,
      period: s.period,
      measure,
    };
  }

  private async create(
    tx: Driver,
    writer: BatchWriter,
    form: ReportForm,
    area: string,
    period: string,
    actor: FormActor,
    by: Actor,
    reason: string | null,
  ): Promise<Submission> {
    const [r] = await tx.query<{ n: number | string | null }>(
      'SELECT max(revision) AS n FROM form_submissions WHERE form_id = $1 AND area = $2 AND period = $3',
      [form.id, area, period],
    );
    const revision = Number(r?.n ?? 0) + 1;
    const id = `form-${form.id}-${area}-${period}-r${revision}`;
    await tx.query(
      `INSERT INTO form_submissions VALUES ($1, $2, $3, $4, $5, $6, ${this.store.dialect.now})`,
      [id, form.id, area, period, revision, actor.name],
    );
    await writer.create(
      {
        id,
        kind: 'form',
        period,
        rows: form.measures.length,
        note: `${form.name} · ${this.names.area(area).zh}`,
      },
      { ...by, reason },
    );
    return {
      batch_id: id,
      form_id: form.id,
      area,
      period,
      revision,
      status: 'draft',
      created_by: actor.name,
      approval_level: null,
      district_approved_by: null,
    };
  }

  /**
   * A reviewer sends a submission back, with the reason the submitter will read: an analyst a submitted or
   * approved one; a district reviewer a submitted one of their areas (approved at district level or not).
   */
  async returnSubmission(actor: FormActor, batchId: string, reason: string): Promise<Submission> {
    return this.review(actor, batchId, 'returned', reason);
  }

  /**
   * A reviewer approves a submitted submission at their level. An analyst approves it for the city (the
   * batch becomes approved, whether or not a district approved it first). A district reviewer approves it at
   * district level: the batch stays submitted, now awaiting the city, and its values stay locked for the
   * reporter; the approval is recorded in `form_approvals` and the audit log.
   */
  async approve(actor: FormActor, batchId: string, reason?: string | null): Promise<Submission> {
    if (actor.reviewer) return this.review(actor, batchId, 'approved', reason ?? null);
    const s = await this.submission(actor, batchId);
    this.assertLevel(actor, s, 'approved');
    await this.store.driver.transaction(async (tx) => {
      const now = await this.submission(actor, batchId, tx);
      if (now.status !== 'submitted' || now.approval_level === 'district')
        throw new UserError({
          place: 'ID',
          value: batchId,
          message:
            now.approval_level === 'district'
              ? `已由 ${now.district_approved_by} 通过区县审核，等待市局审批`
              : `报表状态为${STATUS_ZH[now.status]}，不能审核`,
          hint: '区县审核员只审核已提交、尚未通过区县审核的报表',
        });
      await tx.query(`INSERT INTO form_approvals VALUES ($1, 'district', $2, ${this.store.dialect.now})`, [
        batchId,
        actor.name,
      ]);
      await appendAudit(tx, this.store.dialect, [
        {
          ...this.cellAudit(actor, now, null),
          what: 'state',
          old_value: 'submitted',
          new_value: 'district_approved',
          reason: reason?.trim() || null,
        },
      ]);
    });
    return this.submission(actor, batchId);
  }

  /**
   * Refuses a review the actor's level does not allow: analysts make every review; a district reviewer only
   * approves or returns, at district level, a submitted submission of a form that declares that level.
   */
  private assertLevel(actor: FormActor, s: Submission, to: BatchStatus): void {
    if (actor.reviewer) return;
    const form = this.form(s.form_id);
    if (actor.districtReviewer && !form.approval_levels.includes('district'))
      throw new NotReviewer({
        place: form.id,
        value: actor.name,
        message: `报表「${form.name}」不设区县审核，由市局分析员审核`,
        hint: '计划中该报表的 approval_levels 为 [city]',
      });
    if (!actor.districtReviewer) assertReviewer(actor, to);
    if (to !== 'approved' && to !== 'returned')
      throw new NotReviewer({
        place: to,
        value: actor.name,
        message: '区县审核员只能审核通过或退回报表；发布与重新打开由市局分析员办理',
        hint: '请联系市局分析员',
      });
    if (s.status !== 'submitted')
      throw new NotReviewer({
        place: 'ID',
        value: s.batch_id,
        message: `报表状态为${STATUS_ZH[s.status]}，已不在区县审核环节`,
        hint: '市局审批后的更正由市局分析员退回或重新打开',
      });
  }

  /**
   * A reviewer publishes an approved submission: its values become public (the values they replace are kept in
   * history and audited, old → new), and an earlier published revision of the same cell is superseded.
   */
  async publish(actor: FormActor, batchId: string, reason?: string | null): Promise<Submission> {
    assertReviewer(actor, 'publish');
    const s = await this.submission(actor, batchId);
    const form = this.form(s.form_id);
    if (isEnterpriseForm(form))
      throw new UserError({
        place: 'ID',
        value: batchId,
        message: `「${form.name}」是企业报表：单个企业的数据依法保密，不单独发布，审核通过即为终态`,
        hint: '各区县与全市的汇总见 ecmon forms summary 或 报送进度 的企业报表汇总',
      });
    await this.store.driver.transaction(async (tx) => {
      const before = await this.visibleValues(tx, form, s.area, s.period, 'published');
      const writer = new BatchWriter(tx, this.store.dialect, null);
      await writer.move(batchId, 'published', { actor: actor.name, via: actor.via, reason: reason ?? null });
      const earlier = await tx.query<{ batch_id: string }>(
        `SELECT f.batch_id FROM form_submissions f JOIN batches b ON b.id = f.batch_id
         WHERE f.form_id = $1 AND f.area = $2 AND f.period = $3 AND b.status = 'published' AND f.batch_id <> $4`,
        [s.form_id, s.area, s.period, batchId],
      );
      for (const e of earlier)
        await writer.move(e.batch_id, 'superseded', {
          actor: actor.name,
          via: actor.via,
          reason: `被 ${batchId} 取代`,
        });
      const after = await this.visibleValues(tx, form, s.area, s.period, 'published');
      await appendAudit(
        tx,
        this.store.dialect,
        form.measures
          .filter((m) => before[m.measure] !== after[m.measure])
          .map((m) => ({
            ...this.cellAudit(actor, s, m.measure),
            old_value: before[m.measure] === null ? null : `${before[m.measure]} ${m.unit}`,
            new_value: after[m.measure] === null ? null : `${after[m.measure]} ${m.unit}`,
            reason: '发布',
          })),
      );
      await writer.finish(batchId);
    });
    await this.checkRedLights([s.period], [s.area, this.plan.root_area]);
    return this.submission(actor, batchId);
  }

  /**
   * A reviewer reopens a locked submission so it can be corrected: an approved one is returned to its
   * submitter; a published one gets a new revision (a draft with the same values), published over it later.
   */
  async reopen(actor: FormActor, batchId: string, reason: string): Promise<Submission> {
    const s = await this.submission(actor, batchId);
    // Locked by an approval short of publication: returned to the reporter (a district reviewer may reopen
    // what their district approved).
    if (s.status === 'approved' || s.approval_level === 'district')
      return this.review(actor, batchId, 'returned', `重新打开：${reason}`);
    assertReviewer(actor, 'reopen');
    if (s.status !== 'published')
      throw new UserError({
        place: 'ID',
        value: batchId,
        message: `报表状态为${STATUS_ZH[s.status]}，无须重新打开`,
        hint: '只有已审核或已发布的报表需要重新打开才能修改',
      });
    if (!reason.trim())
      throw new UserError({
        place: '--reason',
        value: '',
        message: '重新打开须说明原因',
        hint: '例如 --reason "更正口径"',
      });
    const form = this.form(s.form_id);
    const revision = await this.store.driver.transaction(async (tx) => {
      const writer = new BatchWriter(tx, this.store.dialect, null);
      const next = await this.create(
        tx,
        writer,
        form,
        s.area,
        s.period,
        actor,
        { actor: actor.name, via: actor.via },
        `重新打开 ${batchId}：${reason.trim()}`,
      );
      await tx.query(
        'INSERT INTO form_values SELECT $1, measure, value, unit FROM form_values WHERE batch_id = $2',
        [next.batch_id, batchId],
      );
      await writer.finish(next.batch_id);
      return next;
    });
    return revision;
  }

  private async review(
    actor: FormActor,
    batchId: string,
    to: BatchStatus,
    reason: string | null,
  ): Promise<Submission> {
    this.assertLevel(actor, await this.submission(actor, batchId), to);
    await this.store.driver.transaction(async (tx) => {
      const writer = new BatchWriter(tx, this.store.dialect, null);
      await writer.move(batchId, to, { actor: actor.name, via: actor.via, reason });
      // Returned for correction: the next submission is reviewed afresh at every level.
      if (to === 'returned') await tx.query('DELETE FROM form_approvals WHERE batch_id = $1', [batchId]);
      await writer.finish(batchId);
    });
    return this.submission(actor, batchId);
  }
}

function toSubmission(r: Record<string, unknown>): Submission {
  const status = r.status as BatchStatus;
  const district = (r.district_approved_by as string | null) ?? null;
  return {
    batch_id: String(r.batch_id),
    form_id: String(r.form_id),
    area: String(r.area),
    period: String(r.period),
    revision: Number(r.revision),
    status,
    created_by: String(r.created_by),
    approval_level:
      status === 'approved' || status === 'published' || status === 'superseded'
        ? 'city'
        : status === 'submitted' && district
          ? 'district'
          : null,
    district_approved_by: district,
  };
}
