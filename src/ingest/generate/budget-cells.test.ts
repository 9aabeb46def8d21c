import { describe, expect, it } from 'vitest';
import { cellTotals, rowsPerCell, selectCells, yearCells } from './budget-cells.js';
import { splitByWeights } from './cumulative-rounding.js';
import { PLATFORM_CODES } from './platforms.js';
import { MONTH_WEIGHTS_PER_MILLE, simulatedAnnualTotals } from './simulated-totals.js';

describe('splitByWeights', () => {
  it('splits an integer exactly, each part within 1 of its quota', () => {
    expect(splitByWeights(10, [1, 1, 1])).toEqual([3, 4, 3]);
    expect(splitByWeights(2_263_750_000_000_00, MONTH_WEIGHTS_PER_MILLE).reduce((a, b) => a + b, 0)).toBe(
      2_263_750_000_000_00,
    );
    expect(splitByWeights(0, [2, 3])).toEqual([0, 0]);
  });
});

describe('budget cells', () => {
  it('add up to every calibrated total of every simulated year, to the cent', () => {
    for (let year = 2020; year <= 2035; year++) {
      const { refunds, ...totals } = cellTotals(yearCells(year));
      expect(totals).toEqual(simulatedAnnualTotals(year));
      expect(refunds).toBeGreaterThan(0);
    }
  });

  it('give every cell positive gmv and refunds within it', () => {
    for (const cell of yearCells(2020)) {
      expect(cell.gross).toBeGreaterThan(0);
      expect(cell.refunds).toBeGreaterThanOrEqual(0);
      expect(cell.refunds).toBeLessThan(cell.gross);
    }
  });

  it('split each platform’s year over months by the seasonal weights', () => {
    const year = cellTotals(selectCells(2020, null, 'sim-live')).transactionVolume;
    const june = cellTotals(selectCells(2020, 6, 'sim-live')).transactionVolume;
    expect(Math.abs(june - year * 0.098)).toBeLessThan(100);
  });

  it('partition the year: platforms and months add back to the whole', () => {
    const whole = cellTotals(yearCells(2022));
    const parts = PLATFORM_CODES.flatMap((p) =>
      [...Array(12).keys()].map((m) => selectCells(2022, m + 1, p)),
    );
    expect(cellTotals(parts.flat())).toEqual(whole);
  });

  it('give every cell at least one row and use exactly the rows asked for', () => {
    const cells = selectCells(2020, 2, null);
    const counts = rowsPerCell(cells, 1_000);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(1_000);
    expect(Math.min(...counts)).toBeGreaterThanOrEqual(1);
    expect(() => rowsPerCell(cells, cells.length - 1)).toThrow();
  });
});
