/**
 * The registry screens' answers (企业与项目库): search, one entity (designations, credit, feed figures,
 * versions), holders of a designation over time with who was added or removed, the city-wide credit lists,
 * and the add/edit forms. Shapes registry records for the contract; a public reader gets only credit records
 * marked public (公示) and feed figures of published batches.
 */
import { type Actor, canSeeEnterprise, forbidden, notInScope } from '../auth/access.js';
import { sellerFigures } from '../ingest/feed/seller-cells.js';
import type { Plan } from '../plan/plan-types.js';
import { ENTERPRISE_KIND } from '../plan/registry-spec.js';
import { creditList, creditSummary } from '../registry/credit-summary.js';
import { type FormSave, RegistryFormError, removeEntity, saveForm } from '../registry/registry-forms.js';
import {
  activeOn,
  type CreditRecord,
  type DesignationRecord,
  type EntityRecord,
  type RegistryContent,
} from '../registry/registry-records.js';
import { entityHistory, readRegistry, registryVersion } from '../registry/registry-repository.js';
import { columnChoices, registrySheets } from '../registry/registry-sheets.js';
import { searchEntities } from '../registry/search-registry.js';
import type { Store } from '../store/open-store.js';
import type {
  RegistryCountsResponse,
  RegistryCreditListResponse,
  RegistryEntityResponse,
  RegistryEntitySummary,
  RegistryFormsResponse,
  RegistryListResponse,
  RegistrySaveResponse,
} from './contract/schemas.js';
import { HttpProblem } from './http-problem.js';
import { PUBLIC_READER, type Reader } from './request-context.js';

/** Today as YYYY-MM-DD (the date credit lists and statuses are taken on by default). */
const today = (): string => new Date().toISOString().slice(0, 10);

const LISTED = 200;

/**
 * What an enterprise reporter (企业填报员) may write through the registry forms: corrections (mode edit) of
 * their own enterprise's record, keyed by its 统一社会信用代码. Another enterprise is 404 whether or not it
 * exists; adding records, designations, credit records and other kinds stay the city's (403). Other roles
 * pass (the route admits only the city's roles besides).
 */
export function assertOwnEnterprise(
  actor: Actor,
  save: { role: string; mode: string; values: Readonly<Record<string, string>> },
): void {
  if (actor.role !== 'enterprise_reporter') return;
  if (save.role !== ENTERPRISE_KIND || save.mode !== 'edit')
    throw forbidden(
      actor,
      '企业填报员只能更正本企业的信息（记录类型 enterprise，mode edit）；新增记录、认定和信用记录由市局办理。',
    );
  const id = (save.values.id ?? '').trim();
  if (!canSeeEnterprise(actor, id)) throw notInScope('id', id, '企业');
}

export class RegistryService {
  private cache: { version: number; content: RegistryContent } | null = null;

  constructor(
    private readonly store: Store,
    private readonly plan: Plan,
  ) {}

  private get driver() {
    return this.store.driver;
  }

  private async content(): Promise<{ version: number; content: RegistryContent }> {
    const version = await registryVersion(this.driver);
    if (this.cache?.version !== version) this.cache = { version, content: await readRegistry(this.driver) };
    return this.cache;
  }

  private areaName(code: string): string {
    return this.plan.areas.find((a) => a.code === code)?.name ?? code;
  }

  /** The credit records a reader may see (the public: only those marked 公示). */
  private visibleCredit(records: readonly CreditRecord[], reader: Reader): CreditRecord[] {
    return records.filter((c) => reader.internal || c.public);
  }

  private creditShown(c: CreditRecord) {
    return {
      credit_type: c.credit_type,
      record_date: c.record_date,
      source: c.source,
      document: c.document,
      valid_to: c.valid_to,
      note: c.note,
      public: c.public,
    };
  }

  private areasOf(area: string | undefined): string[] | undefined {
    if (area === undefined || area === this.plan.root_area) return undefined;
    const zone = this.plan.zones.find((z) => z.id === area);
    if (zone) return zone.areas;
    if (this.plan.areas.some((a) => a.code === area)) return [area];
    throw HttpProblem.notFound('area', area, `参数 area 的值「${area}」不是本规划的区划代码或片区`);
  }

  private summary(
    e: RegistryContent['entities'][number],
    ds: readonly DesignationRecord[],
  ): RegistryEntitySummary {
    const kinds = new Map([
      [ENTERPRISE_KIND, '企业'],
      ...this.plan.registry.kinds.map((k) => [k.id, k.name] as const),
    ]);
    const names = new Map(this.plan.registry.designations.map((d) => [d.id, d.name]));
    return {
      id: e.id,
      kind: e.kind,
      kind_name: kinds.get(e.kind) ?? e.kind,
      name: e.name,
      area: e.area,
      area_name: this.areaName(e.area),
      designations: ds.map((d) => ({
        designation: d.designation,
        name: names.get(d.designation) ?? d.designation,
        valid_from: d.valid_from,
        valid_to: d.valid_to,
        body: d.body,
        document: d.document,
        source: d.source,
      })),
    };
  }

  async list(q: {
    q?: string;
    kind?: string;
    area?: string;
    designation?: string;
    at?: string;
  }): Promise<RegistryListResponse> {
    const { version, content } = await this.content();
    const areas = this.areasOf(q.area);
    const hits = searchEntities(content, {
      ...(q.q ? { q: q.q } : {}),
      ...(q.kind ? { kind: q.kind } : {}),
      ...(areas ? { areas } : {}),
      ...(q.designation ? { designation: q.designation } : {}),
      ...(q.at ? { at: q.at } : {}),
    });
    const [sim] = await this.driver.query(
      'SELECT count(*) AS n FROM registry_changes WHERE simulated = TRUE',
    );
    return {
      total: hits.length,
      entities: hits.slice(0, LISTED).map((h) => this.summary(h.entity, h.designations)),
      kinds: [
        { id: ENTERPRISE_KIND, name: '企业' },
        ...this.plan.registry.kinds.map((k) => ({ id: k.id, name: k.name })),
      ],
      designations: this.plan.registry.designations.map((d) => ({ id: d.id, name: d.name })),
      version,
      simulated: Number(sim?.n ?? 0) > 0,
    };
  }

  async entity(q: { id: string }, reader: Reader = PUBLIC_READER): Promise<RegistryEntityResponse> {
    const { content } = await this.content();
    const removed = (content.removed ?? []).find((x) => x.id === q.id);
    const e: EntityRecord | undefined = content.entities.find((x) => x.id === q.id) ?? removed;
    if (!e) throw HttpProblem.notFound('id', q.id, `库中没有编号为「${q.id}」的对象`);
    const ds = content.designations.filter((d) => d.entity_id === e.id);
    const history = await entityHistory(this.driver, e.id);
    const credit = this.visibleCredit(
      content.credit.filter((c) => c.entity_id === e.id),
      reader,
    );
    const feedRules = new Set(this.plan.feed_rules.map((r) => r.measure));
    const feed =
      e.kind === ENTERPRISE_KIND
        ? await sellerFigures(this.driver, this.store.dialect, e.id, reader.visibility)
        : [];
    return {
      entity: {
        ...this.summary(e, ds),
        domain: e.domain,
        founded: e.founded,
        operator: e.operator,
        fields: e.fields,
      },
      removed_on: removed?.removed_on ?? null,
      credit: credit.map((c) => this.creditShown(c)),
      credit_summary: creditSummary(this.plan.registry.credit_types, credit, today()),
      feed: {
        measures: this.plan.measures
          .filter((m) => feedRules.has(m.id))
          .map((m) => ({ id: m.id, name: m.name, unit: '元' })),
        rows: feed,
        simulated: feed.some((r) => r.simulated),
      },
      history: history.map((h) => ({
        record:
          h.record === 'entity' && (h.removed === true || h.removed === 'true')
            ? 'removal'
            : String(h.record),
        version: Number(h.version),
        what:
          h.record === 'designation'
            ? (this.plan.registry.designations.find((d) => d.id === h.what)?.name ?? String(h.what))
            : String(h.what),
        valid_from: h.valid_from === null ? null : String(h.valid_from),
        valid_to: h.valid_to === null ? null : String(h.valid_to),
        recorded_by: String(h.recorded_by),
        recorded_at: String(h.recorded_at),
        reason: h.reason === null ? null : String(h.reason),
      })),
    };
  }

  /** The published 失信 list or the watch list on a date (public records only, whoever asks). */
  async creditList(q: { list: 'dishonest' | 'watch'; on?: string }): Promise<RegistryCreditListResponse> {
    const { content } = await this.content();
    const on = q.on ?? today();
    const byId = new Map(content.entities.map((e) => [e.id, e]));
    const listed = creditList(
      content.credit.filter((c) => c.public && byId.has(c.entity_id)),
      q.list,
      on,
    );
    return {
      list: q.list,
      on,
      entities: listed
        .map((l) => {
          const e = byId.get(l.entity_id) as EntityRecord;
          return {
            id: e.id,
            name: e.name,
            area: e.area,
            area_name: this.areaName(e.area),
            records: l.records.map((c) => this.creditShown(c)),
          };
        })
        .sort((a, b) => a.area.localeCompare(b.area) || a.name.localeCompare(b.name, 'zh')),
    };
  }

  /** The forms: one per sheet of the import workbook, the same fields and lists. */
  forms(): RegistryFormsResponse {
    return {
      forms: registrySheets(this.plan).map((s) => ({
        role: s.role,
        name: s.name,
        fields: s.columns.map((c) => ({
          key: c.key,
          label: c.heading,
          type: c.type,
          required: c.required,
          choices: columnChoices(this.plan, c),
        })),
      })),
    };
  }

  /** Saves a form (add or correct one record) as a new registry version. */
  async save(save: FormSave): Promise<RegistrySaveResponse> {
    return this.written(() => saveForm(this.store, this.plan, save));
  }

  /** Removes an entity from a date (a new version; its history kept). */
  async remove(r: {
    id: string;
    date: string;
    reason: string | null;
    by: string;
  }): Promise<RegistrySaveResponse> {
    return this.written(() => removeEntity(this.store, this.plan, r));
  }

  private async written(
    write: () => Promise<{ version: number | null; observations: number }>,
  ): Promise<RegistrySaveResponse> {
    try {
      const out = await write();
      this.cache = null;
      return { version: out.version, observations: out.observations, changed: out.version !== null };
    } catch (e) {
      if (e instanceof RegistryFormError) throw HttpProblem.form(e.fields);
      throw e;
    }
  }

  async counts(q: {
    designation: string;
    area?: string;
    year?: number;
    period?: string;
  }): Promise<RegistryCountsResponse> {
    const spec = this.plan.registry.designations.find((d) => d.id === q.designation);
    if (!spec)
      throw HttpProblem.notFound('designation', q.designation, `「${q.designation}」不是本规划的认定类型`);
    const { content } = await this.content();
    const areas = this.areasOf(q.area);
    // Removed entities count until their removal date (the first day they no longer count).
    const removedOn = new Map((content.removed ?? []).map((e) => [e.id, e.removed_on]));
    const inArea = new Map(
      [...content.entities, ...(content.removed ?? [])]
        .filter((e) => !areas || areas.includes(e.area))
        .map((e) => [e.id, e]),
    );
    const ds = content.designations.filter((d) => d.designation === q.designation && inArea.has(d.entity_id));
    const holders = (date: string): Set<string> =>
      new Set(
        ds
          .filter((d) => activeOn(d, date) && !((removedOn.get(d.entity_id) ?? '9999') <= date))
          .map((d) => d.entity_id),
      );
    const base = this.plan.metadata.period.base_year;
    const last = Math.max(this.plan.metadata.period.end, base);
    const period = q.period ?? String(q.year ?? last);
    const monthly = period.length === 7;
    const year = Number(period.slice(0, 4));
    const endOf = (p: string): string =>
      p.length === 4
        ? `${p}-12-31`
        : new Date(Date.UTC(Number(p.slice(0, 4)), Number(p.slice(5)), 0)).toISOString().slice(0, 10);
    const previous = (p: string): string => {
      if (p.length === 4) return String(Number(p) - 1);
      const [y, m] = [Number(p.slice(0, 4)), Number(p.slice(5))];
      return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
    };
    const periods = monthly
      ? Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`)
      : Array.from({ length: last - base + 1 }, (_, i) => String(base + i));
    const series = periods.map((p) => ({ period: p, value: holders(endOf(p)).size }));
    const now = holders(endOf(period));
    const before = holders(endOf(previous(period)));
    const entityOf = (id: string) => inArea.get(id) as EntityRecord;
    const change = (id: string, added: boolean) => {
      const mine = ds.filter((x) => x.entity_id === id);
      const d = (added ? mine.find((x) => activeOn(x, endOf(period))) : mine.at(-1)) as DesignationRecord;
      const gone = removedOn.get(id);
      const date = added ? d.valid_from : gone && gone <= endOf(period) ? gone : (d.valid_to ?? '');
      return { id, name: entityOf(id).name, area: entityOf(id).area, date, document: d.document };
    };
    const byArea = new Map<string, number>();
    for (const id of now) byArea.set(entityOf(id).area, (byArea.get(entityOf(id).area) ?? 0) + 1);
    const byDate = (a: { date: string; name: string }, b: { date: string; name: string }) =>
      a.date.localeCompare(b.date) || a.name.localeCompare(b.name, 'zh');
    return {
      designation: spec.id,
      name: spec.name,
      area: q.area ?? this.plan.root_area,
      period,
      frequency: monthly ? 'month' : 'year',
      series,
      by_area: [...byArea]
        .map(([area, value]) => ({ area, area_name: this.areaName(area), value }))
        .sort((a, b) => b.value - a.value || a.area.localeCompare(b.area)),
      added: [...now]
        .filter((id) => !before.has(id))
        .map((id) => change(id, true))
        .sort(byDate),
      removed: [...before]
        .filter((id) => !now.has(id))
        .map((id) => change(id, false))
        .sort(byDate),
    };
  }
}
