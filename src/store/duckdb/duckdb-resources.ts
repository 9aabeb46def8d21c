/**
 * Bounds what an embedded DuckDB store may take: memory (`memory_limit`, beyond which DuckDB spills to
 * disk), and a spill folder inside the store's own folder (`<file>.tmp`) of bounded size, so a large sort
 * never fills the system's temporary folder. DuckDB removes the folder when the store closes; one left by a
 * killed process is removed when the store is next opened (the open holds the file's lock, so no other
 * process is using it).
 */
import { rmSync } from 'node:fs';
import { totalmem } from 'node:os';
import { sqlString } from './columnar-files.js';
import { DuckDbDriver } from './duckdb-driver.js';

/** At most half the machine's memory, and 4 GB; ECMON_DUCKDB_MEMORY_LIMIT (e.g. `8GB`) overrides. */
function memoryLimit(): string {
  const given = process.env.ECMON_DUCKDB_MEMORY_LIMIT;
  if (given && /^[0-9]+(\.[0-9]+)?\s*[KMGT]i?B$/i.test(given)) return given;
  const mb = Math.floor(Math.min(totalmem() / 2, 4 * 1024 ** 3) / 1024 ** 2);
  return `${mb}MB`;
}

/** The most spill files a store may write. */
const MAX_TEMP = '32GB';

/** Opens the DuckDB file `path` with bounded memory and its spill folder beside it. */
export async function openDuckDbFile(path: string): Promise<DuckDbDriver> {
  const driver = await DuckDbDriver.open(path);
  const temp = `${path}.tmp`;
  rmSync(temp, { recursive: true, force: true });
  await driver.exec(
    `SET memory_limit = ${sqlString(memoryLimit())}; SET temp_directory = ${sqlString(temp)};
     SET max_temp_directory_size = ${sqlString(MAX_TEMP)}`,
  );
  return driver;
}
