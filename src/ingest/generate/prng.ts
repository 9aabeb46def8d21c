/**
 * A counter-based pseudo-random generator: every draw is a hash of (seed, keys), so any value can be
 * recomputed at random access. The generator relies on that twice: it walks each budget cell two times
 * (sum the weights, then emit) and a store keeps its size, category and area from month to month,
 * without holding either in memory. The mixer is MurmurHash3's 32-bit finaliser (fmix32).
 */

/** MurmurHash3 fmix32: a fast bijective avalanche on 32-bit integers. */
export function mix32(x: number): number {
  let h = x | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Combines a running hash with one more 32-bit integer key: golden-ratio stride, then mix. */
export function hashWith(h: number, key: number): number {
  return mix32((h + 0x6d2b79f5) ^ Math.imul((key | 0) + 1, 0x9e3779b9));
}

/** The `n`-th uniform draw in (0, 1] from a key hash; distinct `n` give independent draws. */
export function uniform(h: number, n: number): number {
  return (mix32(h + Math.imul(n + 1, 0x6d2b79f5)) + 1) / 4294967296;
}

/** A standard normal draw (Box–Muller) from two uniforms of a key hash. */
export function normal(h: number, n: number): number {
  return Math.sqrt(-2 * Math.log(uniform(h, n))) * Math.cos(2 * Math.PI * uniform(h, n + 1));
}

/** Index into a cumulative weight table (last entry = total) for a uniform draw in (0, 1]. */
export function pickCumulative(cumulative: Float64Array, u: number): number {
  const target = u * (cumulative[cumulative.length - 1] as number);
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((cumulative[mid] as number) < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Cumulative sums of weights, for {@link pickCumulative}. */
export function cumulate(weights: readonly number[]): Float64Array {
  const out = new Float64Array(weights.length);
  let sum = 0;
  weights.forEach((w, i) => {
    sum += w;
    out[i] = sum;
  });
  return out;
}
