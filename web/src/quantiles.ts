/**
 * Class breaks for a choropleth: quantiles, so that one large district does not paint every other one the
 * same pale colour as a linear scale does (成都: 高新区 and 锦江 dwarf the outer counties).
 */

export interface QuantileClass {
  min: number;
  max: number;
}

/**
 * Up to `count` classes holding about as many values each, from the lowest value to the highest. Equal
 * values never straddle two classes, so fewer classes come back when values repeat.
 */
export function quantileClasses(values: readonly number[], count = 5): QuantileClass[] {
  const sorted = [...values].filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0) return [];
  const breaks: number[] = [];
  for (let k = 1; k < count; k++) {
    const at = sorted[Math.ceil((k * sorted.length) / count) - 1] as number;
    if (at > (sorted[0] as number) && at < (sorted.at(-1) as number) && !breaks.includes(at)) breaks.push(at);
  }
  const edges = [sorted[0] as number, ...breaks, sorted.at(-1) as number];
  const classes: QuantileClass[] = [];
  for (let i = 0; i + 1 < edges.length; i++)
    classes.push({ min: edges[i] as number, max: edges[i + 1] as number });
  return classes.length ? classes : [{ min: sorted[0] as number, max: sorted[0] as number }];
}
