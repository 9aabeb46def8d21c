/**
 * The registry screens' answers (企业与项目库): search, one entity, and holders of a designation over time.
 * Shapes registry records for the contract; only credit records marked public (公示) leave the server.
 */
import type { Plan } from '../plan/plan-types.js';
import { ENTERPRISE_KIND } from '../plan/registry-spec.js';
import { activeOn, type DesignationRecord, type RegistryContent } from '../registry/registry-records.js';
import { entityHistory, readRegistry, registryVersion } from '../registry/registry-repository.js';
import { searchEntities } from '../registry/search-registry.js';
import type { Driver } from '../store/driver.js';
import type {
  RegistryCountsResponse,
  RegistryEntityResponse,
  RegistryEntitySummary,
  RegistryListResponse,
} from './contract/schemas.js';
import { HttpProblem } from './http-problem.js';

const LISTED = 200;

export class RegistryService {
  private cache: { version: number; content: RegistryContent } | null = null;

  constructor(
    private readonly driver: Driver,
    private readonly plan: Plan,
  ) {}

  private async content(): Promise<{ version: number; content: RegistryContent }> {
    const version = await registryVersion(this.driver);
    if (this.cache?.version !== version) this.cache = { version, content: await readRegistry(this.driver) };
    return this.cache;
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
      area_name: this.plan.areas.find((a) => a.code === e.area)?.name ?? e.area,
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

  async entity(q: { id: string }): Promise<RegistryEntityResponse> {
    const { content } = await this.content();
    const e = content.entities.find((x) => x.id === q.id);
    if (!e) throw HttpProblem.notFound('id', q.id, `库中没有编号为「${q.id}」的对象`);
    const ds = content.designations.filter((d) => d.entity_id === e.id);
    const history = await entityHistory(this.driver, e.id);
    return {
      entity: {
        ...this.summary(e, ds),
        domain: e.domain,
        founded: e.founded,
        operator: e.operator,
        fields: e.fields,
      },
      credit: content.credit
        .filter((c) => c.entity_id === e.id && c.public)
        .map((c) => ({
          credit_type: c.credit_type,
          record_date: c.record_date,
          source: c.source,
          document: c.document,
          valid_to: c.valid_to,
          note: c.note,
        })),
      history: history.map((h) => ({
        record: String(h.record),
        version: Number(h.version),
        what: String(h.what),
        valid_from: h.valid_from === null ? null : String(h.valid_from),
        valid_to: h.valid_to === null ? null : String(h.valid_to),
        recorded_by: String(h.recorded_by),
        recorded_at: String(h.recorded_at),
        reason: h.reason === null ? null : String(h.reason),
      })),
    };
  }

  async counts(q: { designation: string; area?: string; year?: number }): Promise<RegistryCountsResponse> {
    const spec = this.plan.registry.designations.find((d) => d.id === q.designation);
    if (!spec)
      throw HttpProblem.notFound('designation', q.designation, `「${q.designation}」不是本规划的认定类型`);
    const { content } = await this.content();
    const areas = this.areasOf(q.area);
    const inArea = new Map(
      content.entities.filter((e) => !areas || areas.includes(e.area)).map((e) => [e.id, e]),
    );
    const ds = content.designations.filter((d) => d.designation === q.designation && inArea.has(d.entity_id));
    const holders = (date: string): Set<string> =>
      new Set(ds.filter((d) => activeOn(d, date)).map((d) => d.entity_id));
    const base = this.plan.metadata.period.base_year;
    const last = Math.max(this.plan.metadata.period.end, base);
    const year = q.year ?? last;
    const series = [];
    for (let y = base; y <= last; y++) series.push({ year: y, value: holders(`${y}-12-31`).size });
    const now = holders(`${year}-12-31`);
    const before = holders(`${year - 1}-12-31`);
    const change = (id: string, pick: (d: DesignationRecord) => string | null) => {
      const e = inArea.get(id) as RegistryContent['entities'][number];
      const d = ds.filter((x) => x.entity_id === id).at(-1) as DesignationRecord;
      return { id, name: e.name, area: e.area, date: pick(d) ?? '', document: d.document };
    };
    const byArea = new Map<string, number>();
    for (const id of now) {
      const a = (inArea.get(id) as RegistryContent['entities'][number]).area;
      byArea.set(a, (byArea.get(a) ?? 0) + 1);
    }
    return {
      designation: spec.id,
      name: spec.name,
      area: q.area ?? this.plan.root_area,
      year,
      series,
      by_area: [...byArea]
        .map(([area, value]) => ({
          area,
          area_name: this.plan.areas.find((a) => a.code === area)?.name ?? area,
          value,
        }))
        .sort((a, b) => b.value - a.value || a.area.localeCompare(b.area)),
      added: [...now].filter((id) => !before.has(id)).map((id) => change(id, (d) => d.valid_from)),
      removed: [...before].filter((id) => !now.has(id)).map((id) => change(id, (d) => d.valid_to)),
    };
  }
}
