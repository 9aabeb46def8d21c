/**
 * SDMX read by a real client: R's rsdmx reads the structures and the data the server publishes, and the
 * values equal what `ecmon observations` gives for the public. A store holding a held (submitted) import and
 * simulated feeds shows neither; a revised figure is marked R; SDMX-CSV 2.0 reads back with a CSV parser.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StoreDashboardService } from '../src/api/dashboard-service.js';
import { buildServer } from '../src/api/server.js';
import { importObservationsFile } from '../src/ingest/import-observations.js';
import { loadDemoData } from '../src/ingest/load-demo-data.js';
import { OpenDataService } from '../src/opendata/open-data-service.js';
import { loadPlan } from '../src/plan/load-plan.js';
import { addApiKey } from '../src/store/api-keys.js';
import { queryObservations } from '../src/store/observation-repository.js';
import type { Store } from '../src/store/open-store.js';
import { savePlan } from '../src/store/plan-repository.js';
import { engines, freshStore } from './support/engines.js';

const PLAN_FILE = 'plans/chengdu-ec-2021-2025.yaml';
const plan = loadPlan(PLAN_FILE);
const FLOW = 'CHENGDU_EC_2021_2025';
/** The plan's own dimensions, in key order after the four fixed ones. */
const PLAN_DIMS = ['DOMAIN', 'PLATFORM', 'CATEGORY', 'CUSTOMS_MODE', 'EMPLOYMENT_TYPE', 'FIRM_TYPE'];
const dir = mkdtempSync(join(tmpdir(), 'ecmon-sdmx-'));
const run = promisify(execFile);

/** Runs R and parses the CSV it writes to stdout (`write.csv`). */
async function r(script: string): Promise<Record<string, string>[]> {
  const { stdout } = await run('Rscript', ['-e', `suppressMessages(library(rsdmx)); ${script}`], {
    maxBuffer: 64 * 1024 * 1024,
  });
  return parseCsv(stdout);
}

/** A small RFC 4180 reader: quoted fields, doubled quotes, CRLF or LF. */
function parseCsv(text: string): Record<string, string>[] {
  const rows: string[][] = [];
  let field = '';
  let row: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  const [head, ...body] = rows;
  return body.map((cells) => Object.fromEntries((head ?? []).map((h, i) => [h, cells[i] ?? ''])));
}

function csvFile(name: string, body: string): string {
  const p = join(dir, name);
  writeFileSync(p, body);
  return p;
}

describe.each(engines())('SDMX on $engine', (target) => {
  let store: Store;
  let app: ReturnType<typeof buildServer>;
  let base: string;

  beforeAll(async () => {
    store = (await freshStore(target)).store;
    await savePlan(store.driver, store.dialect, plan, PLAN_FILE);
    // Simulated platform feeds for 2021: never open data.
    await loadDemoData(store, plan, { from: 2021, to: 2021, rows: 200 });
    const head = 'measure,area,period,value,unit,published_yoy,source\n';
    await importObservationsFile(
      store,
      plan,
      csvFile(
        'first.csv',
        `${head}online_retail_sales,510104,2024,10.5,亿元,8.2,锦江区统计局\n` +
          `online_retail_sales,510100,2024-01/2024-06,2511.3,亿元,9.1,成都市统计局 1—6月\n`,
      ),
    );
    // A correction of 锦江区 2024: the public sees 11, marked revised.
    await importObservationsFile(
      store,
      plan,
      csvFile('second.csv', `${head}online_retail_sales,510104,2024,11,亿元,9.0,锦江区统计局（修订）\n`),
    );
    // A figure by customs mode (跨境电商监管方式 9610): published with its dimension code.
    await importObservationsFile(
      store,
      plan,
      csvFile(
        'modes.csv',
        'measure,area,period,value,unit,customs_mode\ncross_border_ec_volume,510100,2024,120.5,亿元,9610\n',
      ),
    );
    // Held for approval: analysts see it, the public and SDMX do not.
    await importObservationsFile(
      store,
      plan,
      csvFile('held.csv', `${head}online_retail_sales,510105,2024,9.25,亿元,,青羊区\n`),
      {
        hold: true,
      },
    );
    app = buildServer({
      service: new StoreDashboardService(store.driver, plan),
      openData: new OpenDataService(store.driver, plan),
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  }, 300_000);
  afterAll(async () => {
    await app.close();
    await store.close();
    await target.cleanup();
  });

  it('rsdmx reads the annual data; the values equal the published, non-simulated observations', async () => {
    const got = await r(
      `d <- as.data.frame(readSDMX("${base}/sdmx/data/${FLOW}/A..ONLINE_RETAIL_SALES+EC_TRANSACTION_VOLUME.N")); write.csv(d, row.names = FALSE)`,
    );
    const published = (await queryObservations(store.driver, { visibility: 'published' })).filter(
      (o) =>
        !o.simulated &&
        /^\d{4}$/.test(o.period) &&
        ['online_retail_sales', 'ec_transaction_volume'].includes(o.measure),
    );
    const key = (area: string, measure: string, time: string, value: string) =>
      `${area}|${measure}|${time}|${Number(value)}`;
    expect(
      got
        .map((g) =>
          key(g.REF_AREA as string, g.MEASURE as string, g.TIME_PERIOD as string, g.OBS_VALUE as string),
        )
        .sort(),
    ).toEqual(published.map((o) => key(o.area, o.measure.toUpperCase(), o.period, o.value)).sort());
    // The plan's 2020 figures (22637.5 亿元 e-commerce transactions, 4129.5 亿元 online retail) and 锦江区's revision.
    const row = (area: string, measure: string, time: string) =>
      got.find((g) => g.REF_AREA === area && g.MEASURE === measure && g.TIME_PERIOD === time);
    expect(row('510100', 'EC_TRANSACTION_VOLUME', '2020')).toMatchObject({
      OBS_VALUE: '22637.5',
      UNIT_MEASURE: 'CNY',
      UNIT_MULT: '8',
      OBS_STATUS: 'A',
    });
    expect(row('510100', 'ONLINE_RETAIL_SALES', '2020')?.OBS_VALUE).toBe('4129.5');
    expect(row('510104', 'ONLINE_RETAIL_SALES', '2024')).toMatchObject({
      OBS_VALUE: '11',
      OBS_STATUS: 'R',
      COMPARABLE_YOY: '9',
    });
    // Held (青羊区) and simulated (2021 feeds) figures are not there.
    expect(got.some((g) => g.REF_AREA === '510105')).toBe(false);
    expect(got.some((g) => g.TIME_PERIOD === '2021')).toBe(false);
  });

  it('rsdmx reads the data structure definition with its codelists and concepts', async () => {
    const dims = await r(
      `dsd <- readSDMX("${base}/sdmx/datastructure/ECMON/DSD_${FLOW}/1.0"); ` +
        `s <- slot(slot(dsd, "datastructures"), "datastructures")[[1]]; ` +
        `write.csv(data.frame(id = sapply(slot(slot(s, "Components"), "Dimensions"), function(x) slot(x, "conceptRef"))), row.names = FALSE)`,
    );
    expect(dims.map((d) => d.id)).toEqual(['FREQ', 'REF_AREA', 'MEASURE', 'ACCUMULATION', ...PLAN_DIMS]);
    const modes = await r(
      `dsd <- readSDMX("${base}/sdmx/datastructure/ECMON/DSD_${FLOW}/1.0"); ` +
        `write.csv(as.data.frame(slot(dsd, "codelists"), codelistId = "CL_CUSTOMS_MODE"), row.names = FALSE)`,
    );
    expect(modes.map((m) => m.id)).toEqual(['_T', '9610', '9710', '9810', '1210']);
    const areas = await r(
      `dsd <- readSDMX("${base}/sdmx/datastructure/ECMON/DSD_${FLOW}/1.0"); ` +
        `write.csv(as.data.frame(slot(dsd, "codelists"), codelistId = "CL_AREA"), row.names = FALSE)`,
    );
    expect(areas).toHaveLength(plan.areas.length);
    expect(areas.find((a) => a.id === '510104')?.['label.zh']).toBe('锦江区');
  });

  it('rsdmx as an SDMX REST client of a registered provider: resource="datastructure" and resource="data"', async () => {
    const provider =
      `p <- SDMXServiceProvider(agencyId = "ECMON", name = "ecmon", builder = SDMXREST21RequestBuilder(` +
      `regUrl = "${base}/sdmx", repoUrl = "${base}/sdmx", compliant = TRUE)); addSDMXServiceProvider(p); `;
    const dims = await r(
      `${provider}dsd <- readSDMX(providerId = "ECMON", resource = "datastructure", resourceId = "DSD_${FLOW}", verbose = FALSE); ` +
        `s <- slot(slot(dsd, "datastructures"), "datastructures")[[1]]; ` +
        `write.csv(data.frame(id = sapply(slot(slot(s, "Components"), "Dimensions"), function(x) slot(x, "conceptRef"))), row.names = FALSE)`,
    );
    expect(dims.map((d) => d.id)).toEqual(['FREQ', 'REF_AREA', 'MEASURE', 'ACCUMULATION', ...PLAN_DIMS]);
    const data = await r(
      `${provider}d <- as.data.frame(readSDMX(providerId = "ECMON", resource = "data", flowRef = "${FLOW}", key = "A.510104.ONLINE_RETAIL_SALES.N", verbose = FALSE)); write.csv(d, row.names = FALSE)`,
    );
    expect(data.map((o) => [o.REF_AREA, o.TIME_PERIOD, o.OBS_VALUE, o.OBS_STATUS])).toEqual([
      ['510104', '2024', '11', 'R'],
    ]);
  });

  it('SDMX-CSV 2.0 starts with STRUCTURE,STRUCTURE_ID,ACTION and reads back with the same values', async () => {
    const res = await fetch(`${base}/sdmx/data/${FLOW}/M..ONLINE_RETAIL_SALES.YTD?format=csv`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(
      'application/vnd.sdmx.data+csv;version=2.0.0; charset=utf-8',
    );
    const text = await res.text();
    expect(text.split('\r\n')[0]).toBe(
      `STRUCTURE,STRUCTURE_ID,ACTION,FREQ,REF_AREA,MEASURE,ACCUMULATION,${PLAN_DIMS.join(',')},TIME_PERIOD,OBS_VALUE,UNIT_MEASURE,UNIT_MULT,OBS_STATUS,COMPARABLE_YOY,SOURCE`,
    );
    expect(parseCsv(text)).toEqual([
      {
        STRUCTURE: 'dataflow',
        STRUCTURE_ID: `ECMON:${FLOW}(1.0)`,
        ACTION: 'I',
        FREQ: 'M',
        REF_AREA: '510100',
        MEASURE: 'ONLINE_RETAIL_SALES',
        ACCUMULATION: 'YTD',
        ...Object.fromEntries(PLAN_DIMS.map((d) => [d, '_T'])),
        TIME_PERIOD: '2024-06',
        OBS_VALUE: '2511.3',
        UNIT_MEASURE: 'CNY',
        UNIT_MULT: '8',
        OBS_STATUS: 'A',
        COMPARABLE_YOY: '9.1',
        SOURCE: '成都市统计局 1—6月',
      },
    ]);
    // The Accept header chooses CSV too.
    const accepted = await fetch(`${base}/sdmx/data/${FLOW}/M..ONLINE_RETAIL_SALES.YTD`, {
      headers: { accept: 'application/vnd.sdmx.data+csv;version=2.0.0' },
    });
    expect(await accepted.text()).toBe(text);
  });

  it('the whole dataflow holds every published real figure and none of the simulated or held ones', async () => {
    const all = await queryObservations(store.driver, { visibility: 'published', totalsOnly: false });
    const simulated = all.filter((o) => o.simulated);
    expect(simulated.length).toBeGreaterThan(0);
    const { key } = await addApiKey(store.driver, { name: 'test', perMinute: 100, by: 'test' });
    const rows = parseCsv(
      await (
        await fetch(`${base}/sdmx/data/${FLOW}/all?format=csv`, { headers: { 'x-api-key': key } })
      ).text(),
    );
    expect(rows).toHaveLength(all.length - simulated.length);
    expect(rows.filter((o) => o.TIME_PERIOD.startsWith('2021'))).toEqual([]);
    expect(rows.filter((o) => o.REF_AREA === '510105')).toEqual([]);
  });

  it('a figure broken down by a plan dimension carries its code; the short key reads the totals only', async () => {
    const full = await fetch(
      `${base}/sdmx/data/${FLOW}/A.510100.CROSS_BORDER_EC_VOLUME.N._T._T._T.9610._T._T?format=csv`,
    );
    const rows = parseCsv(await full.text());
    expect(rows.map((o) => [o.CUSTOMS_MODE, o.TIME_PERIOD, o.OBS_VALUE])).toEqual([
      ['9610', '2024', '120.5'],
    ]);
    const short = parseCsv(
      await (await fetch(`${base}/sdmx/data/${FLOW}/A.510100.CROSS_BORDER_EC_VOLUME.N?format=csv`)).text(),
    );
    expect(short.every((o) => o.CUSTOMS_MODE === '_T')).toBe(true);
    expect(short.map((o) => o.TIME_PERIOD)).toEqual(['2020']);
  });

  it('period bounds and key alternatives filter; AllDimensions puts every dimension on the observation', async () => {
    const only2024 = await fetch(
      `${base}/sdmx/data/${FLOW}/.510100+510104.ONLINE_RETAIL_SALES.?startPeriod=2024-Q2&endPeriod=2024&format=csv`,
    );
    expect(
      parseCsv(await only2024.text()).map((o) => `${o.REF_AREA} ${o.TIME_PERIOD} ${o.ACCUMULATION}`),
    ).toEqual(['510100 2024-06 YTD', '510104 2024 N']);
    const xml = await (
      await fetch(
        `${base}/sdmx/data/${FLOW}/A.510104.ONLINE_RETAIL_SALES.N?dimensionAtObservation=AllDimensions`,
      )
    ).text();
    expect(xml).toContain(
      `<Obs FREQ="A" REF_AREA="510104" MEASURE="ONLINE_RETAIL_SALES" ACCUMULATION="N" ${PLAN_DIMS.map((d) => `${d}="_T"`).join(' ')} TIME_PERIOD="2024" OBS_VALUE="11"`,
    );
    expect(xml).not.toContain('<Series');
  });

  it('answers a bad key with 400 naming the key shape, and unknown flows or empty results with 404', async () => {
    const bad = await fetch(`${base}/sdmx/data/${FLOW}/A.510104`);
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
    expect((await bad.json()).detail).toBe(
      `键「A.510104」有 2 段，本数据结构的键有 10 段：FREQ.REF_AREA.MEASURE.ACCUMULATION.${PLAN_DIMS.join('.')}（每段可用 + 连接多个代码，留空表示全部；或用 all；只写前 4 段表示其余维度取总计 _T）。`,
    );
    expect((await fetch(`${base}/sdmx/data/NO_SUCH_FLOW`)).status).toBe(404);
    const held = await fetch(`${base}/sdmx/data/${FLOW}/A.510105..`);
    expect(held.status).toBe(404);
    expect((await fetch(`${base}/sdmx/data/${FLOW}?startPeriod=2024-13`)).status).toBe(400);
  });
});
