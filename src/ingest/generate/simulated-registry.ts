/**
 * A simulated registry for the demonstration (docs/generator.md): enterprises, carriers and their
 * designations, calibrated to the plan's 2020 figures where it states them (5 unicorn/gazelle firms, 7
 * national demonstration firms) and growing to plausible end-of-plan levels, some short of the target so
 * the lights differ. Every name says 模拟; codes are well-formed but identify no real entity. Seeded:
 * the same seed gives the same registry.
 */
import type {
  CreditRecord,
  DesignationRecord,
  EntityRecord,
  RegistryContent,
} from '../../registry/registry-records.js';
import { creditId, designationId } from '../../registry/registry-records.js';
import { type SimulatedSeller, simulatedSellers } from './feed-rows.js';
import { hashWith, uniform } from './prng.js';
import { syntheticUscc } from './synthetic-uscc.js';

interface Series {
  designation: string;
  kind: string;
  /** Areas the entities lie in (drawn in turn), or all districts when omitted. */
  areas?: string[];
  /** Entities holding it at the end of 2020, 2021, …, 2025 (for events: held in each year). */
  levels: number[];
  /** Events: each holds for its day only (a flow is counted by start dates). */
  events?: boolean;
  label: string;
}

const CITY_AREAS = [
  '510104',
  '510105',
  '510106',
  '510107',
  '510108',
  '510112',
  '510113',
  '510114',
  '510115',
  '510116',
  '510117',
  '510118',
  '510121',
  '510129',
  '510131',
  '510181',
  '510182',
  '510183',
  '510184',
  '510185',
  '510171',
  '510172',
  '510173',
];

const SERIES: Series[] = [
  { designation: 'unicorn', kind: 'enterprise', levels: [2, 2, 3, 3, 4, 4], label: '独角兽' },
  { designation: 'gazelle', kind: 'enterprise', levels: [3, 4, 5, 5, 6, 7], label: '瞪羚' },
  {
    designation: 'national_hq_new_business',
    kind: 'enterprise',
    levels: [0, 0, 1, 2, 2, 3],
    label: '新业务总部',
  },
  { designation: 'vertical_leader', kind: 'enterprise', levels: [3, 4, 6, 7, 9, 11], label: '垂直龙头' },
  {
    designation: 'national_ec_demo_firm',
    kind: 'enterprise',
    levels: [7, 8, 9, 10, 11, 12],
    label: '示范企业',
  },
  {
    designation: 'live_ec_backbone',
    kind: 'enterprise',
    levels: [30, 42, 55, 68, 80, 92],
    label: '直播骨干',
  },
  { designation: 'new_format_base', kind: 'base', levels: [2, 3, 4, 6, 7, 8], label: '新业态基地' },
  {
    designation: 'industry_iip',
    kind: 'platform',
    levels: [4, 7, 10, 13, 16, 20],
    label: '行业工业互联网平台',
  },
  {
    designation: 'iip_benchmark',
    kind: 'platform',
    levels: [3, 5, 8, 11, 13, 15],
    label: '工业互联网标杆平台',
  },
  { designation: 'cross_domain_iip', kind: 'platform', levels: [0, 0, 0, 1, 1, 1], label: '双跨平台' },
  {
    designation: 'public_service_platform',
    kind: 'platform',
    levels: [5, 6, 8, 9, 11, 12],
    label: '公共服务平台',
  },
  { designation: 'industrial_dataset', kind: 'dataset', levels: [0, 0, 1, 1, 2, 3], label: '工业大数据集' },
  { designation: 'demo_scene', kind: 'scene', levels: [10, 25, 42, 60, 78, 96], label: '示范场景' },
  {
    designation: 'demo_ec_park',
    kind: 'base',
    areas: ['510131'],
    levels: [0, 0, 0, 1, 1, 1],
    label: '电商产业园',
  },
  {
    designation: 'agri_live_base',
    kind: 'base',
    areas: ['510131', '510183'],
    levels: [0, 0, 1, 1, 2, 2],
    label: '农产品直播基地',
  },
  {
    designation: 'agri_traceability_base',
    kind: 'base',
    areas: ['510181'],
    levels: [0, 1, 2, 3, 4, 5],
    label: '追溯示范基地',
  },
  {
    designation: 'agri_public_brand',
    kind: 'brand',
    areas: ['510181'],
    levels: [1, 1, 2, 2, 3, 3],
    label: '农产品公用品牌',
  },
  {
    designation: 'ec_service_center',
    kind: 'service_center',
    areas: ['510181', '510121', '510183'],
    levels: [0, 1, 1, 2, 3, 3],
    label: '电商公共服务中心',
  },
  {
    designation: 'warehousing_center',
    kind: 'service_center',
    areas: ['510181'],
    levels: [0, 0, 1, 1, 1, 1],
    label: '仓储物流配送中心',
  },
  {
    designation: 'preprocessing_center',
    kind: 'service_center',
    areas: ['510181'],
    levels: [0, 0, 0, 0, 1, 1],
    label: '商品化预处理中心',
  },
  {
    designation: 'agri_safety_base',
    kind: 'base',
    areas: ['510183'],
    levels: [1, 2, 3, 4, 5, 6],
    label: '安全生产示范基地',
  },
  {
    designation: 'cultivated_brand',
    kind: 'brand',
    areas: ['510183'],
    levels: [2, 3, 4, 5, 7, 8],
    label: '培育品牌',
  },
  {
    designation: 'provincial_live_base',
    kind: 'base',
    areas: ['510185'],
    levels: [0, 0, 0, 1, 1, 1],
    label: '省级直播基地',
  },
  {
    designation: 'o2o_store',
    kind: 'store',
    areas: ['510185'],
    levels: [0, 1, 2, 2, 3, 4],
    label: '融合消费体验店',
  },
  {
    designation: 'origin_live_event',
    kind: 'event',
    areas: ['510185'],
    levels: [6, 12, 18, 21, 24, 26],
    events: true,
    label: '原产地直播活动',
  },
  {
    designation: 'local_live_anchor',
    kind: 'anchor',
    areas: ['510185'],
    levels: [15, 30, 48, 66, 85, 104],
    label: '本土主播',
  },
  { designation: 'live_traffic_base', kind: 'base', levels: [2, 3, 5, 6, 8, 9], label: '直播流量基地' },
  {
    designation: 'quality_sichuan_brand',
    kind: 'brand',
    levels: [180, 320, 470, 620, 780, 930],
    label: '品质川货品牌',
  },
  {
    designation: 'influencer_anchor',
    kind: 'anchor',
    levels: [1800, 3300, 4900, 6400, 7900, 9300],
    label: '达人主播',
  },
];

const FIRST_YEAR = 2020;
const BODIES: Record<string, string> = {
  enterprise: '成都市新经济发展委员会（模拟）',
  anchor: '成都市商务局（模拟）',
};
const DOMAINS = [
  'retail_ec',
  'industrial_ec',
  'cross_border_ec',
  'rural_ec',
  'life_service_ec',
  'live_streaming_ec',
];

/** The simulated registry (seeded). */
export function simulatedRegistry(seed: number): RegistryContent {
  const entities: EntityRecord[] = [];
  const designations: DesignationRecord[] = [];
  const used = new Set<string>();
  const sellers = simulatedSellers(seed);
  SERIES.forEach((s, si) => {
    const areas = s.areas ?? CITY_AREAS;
    // Entities of the series, in the order they are designated; a fall in the level revokes the earliest.
    let made = 0;
    const holding: DesignationRecord[] = [];
    s.levels.forEach((level, yi) => {
      const year = FIRST_YEAR + yi;
      const day = (n: number): string => {
        const h = hashWith(hashWith(hashWith(seed, si), year), n);
        const doy = year === FIRST_YEAR ? 0 : Math.floor(uniform(h, 0) * 364);
        const d = new Date(Date.UTC(year, 0, 1 + doy));
        return d.toISOString().slice(0, 10);
      };
      if (s.events) holding.splice(0);
      let n = 0;
      while (holding.length > level) {
        const lost = holding.shift() as DesignationRecord;
        lost.valid_to = day(1000 + n++);
      }
      while (holding.length < level) {
        const i = made++;
        let area = areas[i % areas.length] as string;
        const h = hashWith(hashWith(seed, si), 100000 + i);
        let id = `SIM-${s.designation.toUpperCase()}-${String(i + 1).padStart(5, '0')}`;
        if (s.kind === 'enterprise') {
          // A seller of the simulated feeds when one is left in the series' areas (live sellers for live series).
          const seller = takeSeller(sellers, areas, s.designation.startsWith('live_'), used);
          if (seller) [id, area] = [seller.uscc, seller.area];
          else id = uniqueUscc(h, area, used);
        }
        entities.push({
          id,
          kind: s.kind,
          name: `模拟${s.label}${s.kind === 'enterprise' ? '企业' : ''}${String(i + 1).padStart((s.levels.at(-1) as number) > 999 ? 5 : 3, '0')}`,
          area,
          domain: s.kind === 'enterprise' ? (DOMAINS[i % DOMAINS.length] as string) : null,
          founded: null,
          operator: null,
          fields: {},
        });
        const from = day(i);
        const d: DesignationRecord = {
          id: designationId(id, s.designation, from),
          entity_id: id,
          designation: s.designation,
          valid_from: from,
          valid_to: s.events ? nextDay(from) : null,
          body: BODIES[s.kind] ?? '成都市商务局（模拟）',
          document: `模拟〔${year}〕${String(i + 1)}号`,
          source: '模拟数据（演示用）',
        };
        designations.push(d);
        holding.push(d);
      }
    });
  });
  return { entities, designations, credit: simulatedCredit(entities) };
}

/** The first seller not yet designated in `areas` (a live one when `live`), marked used. */
function takeSeller(
  sellers: readonly SimulatedSeller[],
  areas: readonly string[],
  live: boolean,
  used: Set<string>,
): SimulatedSeller | undefined {
  const found =
    sellers.find((x) => !used.has(x.uscc) && areas.includes(x.area) && (!live || x.live)) ??
    sellers.find((x) => !used.has(x.uscc) && areas.includes(x.area));
  if (found) used.add(found.uscc);
  return found;
}

function uniqueUscc(h: number, area: string, used: Set<string>): string {
  let k = 0;
  let code = syntheticUscc(h, area, false);
  while (used.has(code)) code = syntheticUscc(hashWith(h, ++k), area, false);
  used.add(code);
  return code;
}

function nextDay(iso: string): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** A few credit records on the first simulated enterprises: public and not, of every type. */
function simulatedCredit(entities: readonly EntityRecord[]): CreditRecord[] {
  const firms = entities.filter((e) => e.kind === 'enterprise').slice(0, 8);
  const kinds: [string, boolean, string | null][] = [
    ['守信激励', true, null],
    ['第三方信用评价', false, '2026-12-31'],
    ['行政处罚', true, '2024-06-30'],
    ['失信惩戒', true, null],
  ];
  return firms.map((f, i) => {
    const [type, pub, to] = kinds[i % kinds.length] as [string, boolean, string | null];
    const date = `${2021 + (i % 4)}-0${1 + (i % 9)}-15`;
    const document = `模拟信用〔${date.slice(0, 4)}〕${i + 1}号`;
    return {
      id: creditId(f.id, type, date, document),
      entity_id: f.id,
      credit_type: type,
      record_date: date,
      source: '模拟数据（演示用）',
      document,
      valid_to: to,
      public: pub,
      note: null,
    };
  });
}
