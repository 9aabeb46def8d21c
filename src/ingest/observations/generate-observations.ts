/**
 * Writes a long-format observations CSV of valid, simulated rows (the import benchmark's input): every
 * measure × area × month of the plan's period, repeated for as many platforms (`sim-01`, `sim-02`, …) as it
 * takes to reach `rows`. Values come from a seeded counter-based generator, so a seed gives the same file;
 * amounts are written in 元, 万元 or 亿元 in turn, so import converts every row.
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { convertible } from '../../domain/unit.js';
import type { Plan } from '../../plan/plan-types.js';
import { hashWith, uniform } from '../generate/prng.js';

const AMOUNT_UNITS = ['元', '万元', '亿元'] as const;

export async function generateObservationsCsv(
  plan: Plan,
  rows: number,
  out: string,
  seed = 1,
): Promise<number> {
  const file = createWriteStream(out);
  const write = async (s: string): Promise<void> => {
    if (!file.write(s)) await once(file, 'drain');
  };
  await write('measure,area,period,value,unit,published_yoy,platform\n');
  const { start, end } = plan.metadata.period;
  const months: string[] = [];
  for (let y = start; y <= end; y++)
    for (let m = 1; m <= 12; m++) months.push(`${y}-${String(m).padStart(2, '0')}`);
  let written = 0;
  let chunk = '';
  for (let platform = 1; written < rows; platform++) {
    const name = `sim-${String(platform).padStart(2, '0')}`;
    for (const [mi, measure] of plan.measures.entries())
      for (const [ai, area] of plan.areas.entries())
        for (const [pi, period] of months.entries()) {
          if (written >= rows) break;
          const h = hashWith(hashWith(hashWith(hashWith(seed, platform), mi), ai), pi);
          const amount = convertible(measure.unit, '元');
          const unit = amount ? (AMOUNT_UNITS[written % 3] as string) : measure.unit;
          const value = (uniform(h, 0) * 1_000_000).toFixed(2);
          const yoy = uniform(h, 1) < 0.5 ? (uniform(h, 2) * 40 - 10).toFixed(1) : '';
          chunk += `${measure.id},${area.code},${period},${value},${unit},${yoy},${name}\n`;
          written++;
          if (chunk.length > 1 << 16) {
            await write(chunk);
            chunk = '';
          }
        }
  }
  await write(chunk);
  file.end();
  await once(file, 'finish');
  return written;
}
