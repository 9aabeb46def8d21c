/**
 * Splits an integer total into integer parts proportional to weights, summing exactly to the total:
 * part i = round(total × W_i / W) − round(total × W_{i−1} / W) over the running weight sums W_i.
 * Every part is within 1 of its exact quota and none is negative.
 *
 * @example splitByWeights(10, [1, 1, 1]) // [3, 4, 3]
 */
export function splitByWeights(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (!(sum > 0)) throw new Error('splitByWeights needs a positive weight');
  const parts: number[] = [];
  let running = 0;
  let previous = 0;
  weights.forEach((w, i) => {
    running += w;
    const upTo = i === weights.length - 1 ? total : Math.round((total * running) / sum);
    parts.push(upTo - previous);
    previous = upTo;
  });
  return parts;
}
