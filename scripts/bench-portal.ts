/**
 * npm run bench:portal [-- --runs 10] [-- --throttle 4]
 *
 * The public portal's first screen on a phone: headless Chromium (/usr/bin/chromium) at 390×844 with the CPU
 * slowed `--throttle` times (Chrome DevTools Protocol `Emulation.setCPUThrottlingRate`), loopback, cache
 * disabled, a new browser context per load. Each load is timed from navigation start to the first
 * contentful paint (the portal's pages are server-rendered with no script, so the first paint is the first
 * screen) and to the load event. The store: the Chengdu plan and its published figures plus one simulated
 * year (withheld by the portal), in a temporary DuckDB file.
 *
 * Baseline in the same run: the dashboard's overview (`/`, the Vue app, if web/dist is built) to its table
 * drawn, under the same throttling. The last line prints `portal first screen p95 = N ms`.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { type Browser, chromium, type Page } from 'playwright-core';
import { StoreDashboardService } from '../src/api/dashboard-service.js';
import { buildServer } from '../src/api/server.js';
import { loadDemoData } from '../src/ingest/load-demo-data.js';
import { OpenDataService } from '../src/opendata/open-data-service.js';
import { loadPlan } from '../src/plan/load-plan.js';
import { openStore } from '../src/store/open-store.js';
import { savePlan } from '../src/store/plan-repository.js';

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '10' }, throttle: { type: 'string', default: '4' } },
});
const runs = Number(values.runs);
const throttle = Number(values.throttle);
const PLAN_FILE = 'plans/chengdu-ec-2021-2025.yaml';
const plan = loadPlan(PLAN_FILE);

const quantile = (xs: number[], q: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)] ?? Number.NaN;
};

/** One cold load at 390×844 with the CPU throttled: ms to the first contentful paint, to `ready`, to load. */
async function load(
  browser: Browser,
  url: string,
  ready?: string,
): Promise<{ fcp: number; ready: number; load: number; bytes: number }> {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 3,
    isMobile: true,
  });
  const page: Page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle });
  let bytes = 0;
  cdp.on('Network.loadingFinished', (e: { encodedDataLength: number }) => {
    bytes += e.encodedDataLength;
  });
  const t0 = Date.now();
  await page.goto(url, { waitUntil: 'load' });
  if (ready) await page.waitForSelector(ready, { timeout: 60_000 });
  const readyMs = Date.now() - t0;
  const timing = await page.evaluate(
    () =>
      new Promise<{ fcp: number; load: number }>((done) => {
        const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
        const load = nav ? nav.loadEventEnd : Number.NaN;
        // The paint entry may be recorded after the load event: wait for it (buffered), at most 5 s.
        new PerformanceObserver((list) => {
          const paint = list.getEntriesByName('first-contentful-paint')[0];
          if (paint) done({ fcp: paint.startTime, load });
        }).observe({ type: 'paint', buffered: true });
        setTimeout(() => done({ fcp: Number.NaN, load }), 5000);
      }),
  );
  await context.close();
  return { fcp: timing.fcp, ready: readyMs, load: timing.load, bytes };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'ecmon-bench-portal-'));
  const store = await openStore(join(dir, 'portal.duckdb'));
  await savePlan(store.driver, store.dialect, plan, PLAN_FILE);
  await loadDemoData(store, plan, { from: 2021, to: 2021, rows: 300 });
  const webRoot = resolve('web/dist');
  const hasWeb = existsSync(resolve(webRoot, 'index.html'));
  const app = buildServer({
    service: new StoreDashboardService(store.driver, plan),
    openData: new OpenDataService(store.driver, plan, {
      limits: { anonymousPerMinute: 100_000, keyPerMinute: 100_000 },
    }),
    ...(hasWeb ? { webRoot } : {}),
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' });
  try {
    console.log(
      `machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}; Node ${process.version}; ${runs} cold loads each, CPU ×${throttle}, 390×844`,
    );
    await load(browser, `${base}/open`); // warms the server's answers, not the browser (each load is a new context)
    const portal: Awaited<ReturnType<typeof load>>[] = [];
    for (let i = 0; i < runs; i++) portal.push(await load(browser, `${base}/open`));
    const fcp = portal.map((r) => r.fcp);
    console.log(
      `portal /open: first contentful paint p50 ${quantile(fcp, 0.5).toFixed(0)} ms, p95 ${quantile(fcp, 0.95).toFixed(0)} ms; load event p95 ${quantile(
        portal.map((r) => r.load),
        0.95,
      ).toFixed(
        0,
      )} ms; transferred ${(portal[0]?.bytes ?? 0) / 1024 > 0 ? ((portal[0]?.bytes ?? 0) / 1024).toFixed(1) : '?'} KB`,
    );
    let ratio = '';
    if (hasWeb) {
      await load(browser, `${base}/`, '[data-test="overview-table"]');
      const dash: Awaited<ReturnType<typeof load>>[] = [];
      for (let i = 0; i < runs; i++)
        dash.push(await load(browser, `${base}/`, '[data-test="overview-table"]'));
      const ready = dash.map((r) => r.ready);
      console.log(
        `baseline, dashboard / (Vue app) to its overview table: p50 ${quantile(ready, 0.5).toFixed(0)} ms, p95 ${quantile(ready, 0.95).toFixed(0)} ms; first contentful paint p95 ${quantile(
          dash.map((r) => r.fcp),
          0.95,
        ).toFixed(0)} ms; transferred ${((dash[0]?.bytes ?? 0) / 1024).toFixed(1)} KB`,
      );
      ratio = `; dashboard table p95 ${quantile(ready, 0.95).toFixed(0)} ms, portal/dashboard = ${(quantile(fcp, 0.95) / quantile(ready, 0.95)).toFixed(2)}`;
    } else console.log('baseline skipped: web/dist is not built (npm run build)');
    console.log(`portal first screen p95 = ${quantile(fcp, 0.95).toFixed(0)} ms (CPU ×${throttle})${ratio}`);
  } finally {
    await browser.close();
    await app.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
