/**
 * Migrations 3–4 (batch states, batch events, live keys, observation layers) keep what a store of version 2
 * held: a store filled by the old code paths' SQL reads the same figures afterwards.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { engineFor } from '../src/store/engines.js';
import { migrate } from '../src/store/migrations.js';
import { queryObservations } from '../src/store/observation-repository.js';
import { openStore } from '../src/store/open-store.js';
import { batchEvents } from '../src/store/write/batch-events.js';
import { engines } from './support/engines.js';

describe.each(engines())('migrating a version-2 store on $engine', (target) => {
  afterAll(() => target.cleanup());

  it('maps statuses and events, gives the live batch its key, and keeps every observation', async () => {
    const db = await target.create();
    const engine = engineFor(db);
    const old = await engine.open(db);
    expect(await migrate(old, engine.dialect, 2)).toEqual([1, 2]);
    const now = engine.dialect.now;
    // What the version-2 code wrote: a plan batch, two deliveries of one month (the first replaced), a partial
    // one, and two batches left in force side by side by the old race.
    await old.exec(`INSERT INTO measures VALUES ('gmv', '交易额', '亿元', 'flow');
INSERT INTO batches (id, kind, platform, period, file, status, row_count, rejected, observations, simulated, loaded_at, replaces)
VALUES ('plan:t', 'plan', NULL, NULL, 't.yaml', 'committed', 1, 0, 1, FALSE, ${now}, NULL),
       ('feed-a', 'feed', 'sim-mall', '2021-03', 'a.csv', 'replaced', 2, 0, 1, FALSE, TIMESTAMP '2024-01-01 10:00:00', NULL),
       ('feed-b', 'feed', 'sim-mall', '2021-03', 'b.csv', 'committed', 1, 0, 1, FALSE, TIMESTAMP '2024-01-02 10:00:00', 'feed-a'),
       ('feed-p', 'feed', 'sim-shop', '2021-03', 'p.csv', 'partial', 9, 1, 1, FALSE, TIMESTAMP '2024-01-02 10:00:00', NULL),
       ('feed-x', 'feed', 'sim-mall', '2021-04', 'x.csv', 'committed', 1, 0, 1, FALSE, TIMESTAMP '2024-01-03 10:00:00', NULL),
       ('feed-y', 'feed', 'sim-mall', '2021-04', 'y.csv', 'committed', 1, 0, 1, FALSE, TIMESTAMP '2024-01-03 10:00:01', NULL);
INSERT INTO feed_events VALUES ('feed-a', 'committed', TIMESTAMP '2024-01-01 10:00:00', '2 行'),
  ('feed-a', 'replaced', TIMESTAMP '2024-01-02 10:00:00', '被 feed-b 替换'),
  ('feed-b', 'committed', TIMESTAMP '2024-01-02 10:00:00', '1 行');
INSERT INTO observations VALUES
  ('gmv', '510100', '2021-03', 'month', 2021, 3, 3, '', '', '', 541.66, '亿元', 54166000000, '元', NULL, '平台数据', 'feed-b,feed-p', FALSE, ${now}),
  ('gmv', '510100', '2020', 'year', 2020, 1, 12, '', '', '', 4000.5, '亿元', 400050000000, '元', 12.5, '规划', 'plan:t', FALSE, ${now});
INSERT INTO observation_history VALUES
  ('gmv', '510100', '2021-03', 'month', 2021, 3, 3, '', '', '', 100, '亿元', 10000000000, '元', NULL, '平台数据', 'feed-a', FALSE, ${now}, ${now}, 'feed-b')`);
    await old.close();

    const store = await openStore(db);
    try {
      const batches = await store.driver.query('SELECT id, status, live_key FROM batches ORDER BY id');
      expect(batches).toEqual([
        { id: 'feed-a', status: 'superseded', live_key: null },
        { id: 'feed-b', status: 'published', live_key: 'feed|sim-mall|2021-03' },
        { id: 'feed-p', status: 'published', live_key: 'feed|sim-shop|2021-03' },
        { id: 'feed-x', status: 'superseded', live_key: null },
        { id: 'feed-y', status: 'published', live_key: 'feed|sim-mall|2021-04' },
        { id: 'plan:t', status: 'published', live_key: null },
      ]);
      expect((await batchEvents(store, 'feed-a')).map((e) => [e.from, e.to, e.actor, e.reason])).toEqual([
        [null, 'published', 'system', '2 行'],
        ['published', 'superseded', 'system', '被 feed-b 替换'],
      ]);
      const rows = await queryObservations(store.driver, { measure: 'gmv' });
      expect(rows.map((r) => [r.period, r.value, r.published_yoy, r.batch_id])).toEqual([
        ['2020', '4000.5', '12.5', 'plan:t'],
        ['2021-03', '541.66', null, 'feed-b,feed-p'],
      ]);
      const [h] = await store.driver.query(
        `SELECT CAST(value AS VARCHAR) AS value, layer, replaced_by FROM observation_history`,
      );
      expect(h).toEqual({
        value: expect.stringMatching(/^100(\.0+)?$/),
        layer: 'published',
        replaced_by: 'feed-b',
      });
      const tables = await store.driver.query(
        `SELECT count(*) AS n FROM information_schema.tables WHERE table_name = 'feed_events'`,
      );
      expect(Number(tables[0]?.n)).toBe(0);
    } finally {
      await store.close();
    }
  });
});
