/**
 * The handlers of the report form routes (contract/form-routes.ts): they map the caller onto a FormActor,
 * ask the FormService, and shape its answers. An area, a submission or an audit query outside the caller's
 * scope is 404, worded like a missing one.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { type Actor, CITY_ROLES, canSeeArea, notInScope } from '../auth/access.js';
import { parsePeriod } from '../domain/period.js';
import { listAlerts } from '../forms/alerts.js';
import type { FormActor } from '../forms/form-actor.js';
import { NotReviewer, OutOfScope } from '../forms/form-actor.js';
import { bureauDate, deadlineOf } from '../forms/form-periods.js';
import type { ProgressRow } from '../forms/progress.js';
import { type FormEntry, type FormService, FormViolations } from '../forms/submissions.js';
import { isEnterpriseForm, type ReportForm } from '../plan/form-spec.js';
import type { Store } from '../store/open-store.js';
import { queryAudit } from '../store/write/audit-log.js';
import { formFileRoutes, formRoutes } from './contract/form-routes.js';
import type { JsonRoute, RouteInput, RouteOutput } from './contract/routes.js';
import { HttpProblem } from './http-problem.js';
import { viaOf } from './request-context.js';
import type { RouteContext } from './server.js';

type Serve = <R extends JsonRoute>(
  route: R,
  handler: (input: RouteInput<R>, context: RouteContext) => Promise<RouteOutput<R>>,
) => void;

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The caller as the forms code knows it: city roles review every area, district roles their own. */
export function formActorOf(actor: Actor): FormActor {
  return {
    name: actor.name,
    via: viaOf(actor),
    areas: actor.areas,
    enterprises: actor.enterprises,
    reviewer: CITY_ROLES.includes(actor.role),
    districtReviewer: actor.role === 'district_reviewer',
  };
}

/**
 * The reporting units whose alerts and audit rows the caller reads: every one for the city's roles, an
 * enterprise reporter's enterprises (their submissions are keyed by the enterprise's code), a district user's
 * areas — the plan's areas for one scoped to the whole city, never an enterprise's code.
 */
function unitsOf(actor: Actor, planAreas: readonly string[]): 'all' | readonly string[] {
  if (CITY_ROLES.includes(actor.role)) return 'all';
  if (actor.role === 'enterprise_reporter') return actor.enterprises;
  return actor.areas === 'all' ? planAreas : actor.areas;
}

/** Runs `fn`, turning an object outside the caller's scope into the 404 of a missing one. */
async function scoped<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof OutOfScope) {
      const p = e.problems[0];
      throw notInScope(p?.place ?? 'id', p?.value ?? '', '报表');
    }
    if (e instanceof NotReviewer) throw new HttpProblem(403, e.problems[0]?.message ?? '无权审核该报表');
    throw e;
  }
}

export function registerFormRoutes(
  app: FastifyInstance,
  serve: Serve,
  store: Store,
  forms: FormService,
): void {
  const { names } = forms;
  const summary = (f: ReportForm) => ({
    id: f.id,
    name: names.form(f.id),
    period: f.period,
    deadline: f.deadline,
    areas: f.areas,
    reporter: isEnterpriseForm(f) ? ('enterprise' as const) : ('area' as const),
    enterprise_kinds: f.enterprise_kinds ?? [],
    designations: f.designations ?? [],
    approval_levels: f.approval_levels,
    measures: f.measures.map((m) => ({
      measure: m.measure,
      name: names.measure(m.measure),
      unit: m.unit,
      required: m.required,
    })),
  });
  const progressRow = (r: ProgressRow) => ({
    ...r,
    form_name: names.form(r.form),
    area_name: names.area(r.area),
  });
  const entryOut = async (e: FormEntry) => ({
    form: summary(e.form),
    area: e.area,
    area_name: names.area(e.area),
    period: e.period,
    deadline: deadlineOf(e.form, parsePeriod(e.period)),
    submission: e.submission,
    values: e.values,
    notes: e.notes,
    published: e.published,
    violations: e.violations,
    editable: e.editable,
    can_review: e.review_level !== null,
    review_level: e.review_level,
    history: e.submission ? await forms.history(e.submission.batch_id) : [],
  });

  serve(formRoutes.forms, async (_q, { actor }) => {
    const a = formActorOf(actor);
    const visible = forms.forms.filter((f) =>
      isEnterpriseForm(f)
        ? CITY_ROLES.includes(actor.role) || actor.enterprises.length > 0
        : f.areas.some((x) => canSeeArea(actor, x)),
    );
    return {
      forms: visible.map(summary),
      open: (await forms.progress(a)).map(progressRow),
      today: bureauDate(forms.clock()),
    };
  });
  serve(formRoutes.formEntry, (q, { actor }) =>
    scoped(async () => {
      const a = formActorOf(actor);
      return entryOut(await forms.entry(a, q.form, q.area, q.period));
    }),
  );
  serve(formRoutes.saveDraft, (q, { actor }) =>
    scoped(async () =>
      entryOut(
        await forms.saveDraft(formActorOf(actor), {
          form: q.form,
          area: q.area,
          period: q.period,
          ...q.body,
        }),
      ),
    ),
  );
  serve(formRoutes.submit, (q, { actor }) =>
    scoped(async () => {
      const a = formActorOf(actor);
      const input = { form: q.form, area: q.area, period: q.period, ...q.body };
      try {
        return { submitted: true, blocking: [], entry: await entryOut(await forms.submit(a, input)) };
      } catch (e) {
        if (!(e instanceof FormViolations)) throw e;
        const entry = await forms.entry(a, q.form, q.area, q.period);
        return { submitted: false, blocking: e.violations, entry: await entryOut(entry) };
      }
    }),
  );
  serve(formRoutes.submissions, async (q, { actor }) => ({
    submissions: await forms.submissions(formActorOf(actor), {
      ...(q.status ? { status: q.status } : {}),
      ...(q.period ? { period: q.period } : {}),
    }),
  }));
  serve(formRoutes.transition, (q, { actor }) =>
    scoped(async () => {
      const a = formActorOf(actor);
      const reason = q.body.reason ?? '';
      switch (q.body.to) {
        case 'approved':
          return forms.approve(a, q.id, reason || null);
        case 'returned':
          return forms.returnSubmission(a, q.id, reason);
        case 'published':
          return forms.publish(a, q.id, reason || null);
        case 'reopened':
          return forms.reopen(a, q.id, reason);
      }
    }),
  );
  serve(formRoutes.summary, (q, { actor }) =>
    scoped(async () => {
      const s = await forms.summary(formActorOf(actor), q.form, q.period);
      return {
        ...s,
        form_name: names.form(s.form),
        measures: summary(forms.form(s.form)).measures,
        rows: s.rows.map((r) => ({ ...r, area_name: names.area(r.area) })),
        total: { ...s.total, area_name: names.area(s.total.area) },
      };
    }),
  );
  serve(formRoutes.progress, async (q, { actor }) => ({
    today: bureauDate(forms.clock()),
    rows: (
      await forms.progress(formActorOf(actor), {
        ...(q.form ? { form: q.form } : {}),
        ...(q.period ? { period: q.period } : {}),
        ...(q.periods ? { periods: q.periods } : {}),
      })
    ).map(progressRow),
  }));
  serve(formRoutes.alerts, async (_q, { actor }) => {
    // Deadlines pass without anyone acting: they are checked when alerts are read (and hourly by serve).
    await forms.checkDeadlines();
    return {
      alerts: await listAlerts(store.driver, store.dialect, { areas: unitsOf(actor, forms.areaCodes) }),
    };
  });
  serve(formRoutes.audit, async (q, { actor }) => {
    const units = unitsOf(actor, forms.areaCodes);
    if (q.area && units !== 'all' && !units.includes(q.area)) throw notInScope('area', q.area, '区划');
    return {
      rows: await queryAudit(store.driver, store.dialect, {
        ...(q.area ? { area: q.area } : {}),
        ...(q.measure ? { measure: q.measure } : {}),
        ...(q.period ? { period: q.period } : {}),
        ...(q.form ? { form: q.form } : {}),
        ...(q.batch || q.subject ? { subject: q.batch ?? q.subject } : {}),
        ...(q.what ? { what: q.what } : {}),
        ...(units === 'all' ? {} : { areas: units }),
      }),
    };
  });

  const [templateRoute, uploadRoute] = formFileRoutes;
  app.get<{ Params: { form: string }; Querystring: { area?: string; period?: string } }>(
    templateRoute.path.replace('{form}', ':form'),
    { config: { access: templateRoute.access } },
    async (request, reply) =>
      scoped(async () => {
        const { area = '', period = '' } = request.query;
        const dir = mkdtempSync(join(tmpdir(), 'ecmon-template-'));
        try {
          const file = join(dir, 'template.xlsx');
          await forms.template(formActorOf(request.actor), request.params.form, area, period, file);
          const name = encodeURIComponent(`${names.form(request.params.form).zh}-${area}-${period}.xlsx`);
          return reply
            .type(XLSX)
            .header('Content-Disposition', `attachment; filename*=UTF-8''${name}`)
            .send(readFileSync(file));
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      }),
  );
  app.addContentTypeParser(XLSX, { parseAs: 'buffer', bodyLimit: 5 * 1024 * 1024 }, (_req, body, done) =>
    done(null, body),
  );
  app.post<{ Querystring: { submit?: string; name?: string } }>(
    uploadRoute.path,
    { config: { access: uploadRoute.access } },
    async (request) =>
      scoped(async () => {
        if (!Buffer.isBuffer(request.body))
          throw new HttpProblem(400, `上传内容应为 Excel 文件（Content-Type: ${XLSX}）`);
        const label = (request.query.name ?? 'upload.xlsx').replace(/[^\p{L}\p{N}._-]/gu, '_').slice(0, 80);
        const dir = mkdtempSync(join(tmpdir(), 'ecmon-upload-'));
        try {
          const file = join(dir, 'upload.xlsx');
          writeFileSync(file, request.body);
          const a = formActorOf(request.actor);
          const submit = request.query.submit === '1';
          const entry = await forms.upload(a, file, { submit, label });
          return { submitted: submit, blocking: [], entry: await entryOut(entry) };
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      }),
  );
}
