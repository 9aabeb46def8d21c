/**
 * A child process for the kill -9 test: loads a feed into ClickHouse and prints `streaming` when the first
 * bytes are on their way, so the parent can kill it mid-ingest.
 */
import { ClickHouseDriver } from '../../src/store/clickhouse/clickhouse-driver.js';
import { loadFeedRows } from '../../src/store/clickhouse/clickhouse-feed-ingest.js';
import { csvSource } from './clickhouse-feeds.js';

const [url, file, platform] = process.argv.slice(2) as [string, string, string];
const ch = await ClickHouseDriver.open(url);
let said = false;
await loadFeedRows(ch, csvSource(file), {
  platform,
  period: '',
  encoding: null,
  onRows: () => {
    if (!said) process.stdout.write('streaming\n');
    said = true;
  },
});
process.stdout.write('done\n');
