// Distributions derived from measured ones: shifted (a sleep of another
// length keeps the measured overshoot), scaled to given quantiles (a
// topology class stated by its p50 and p99 keeps the measured shape).
import type { Distribution } from '../model/measuredDistribution.js';
import type { Random } from '../stats/random.js';
import { seededRandom } from '../stats/random.js';
import { quantileOfSorted } from '../stats/sampleSummary.js';

export function shifted(d: Distribution, deltaNs: number, source: string): Distribution {
  return withDrawnMean({ source, p50: d.p50 + deltaNs, draw: (r) => Math.max(0, d.draw(r) + deltaNs) });
}

/** The distribution with its mean taken from its draws (fixed seed), for shapes whose mean has no closed form. */
function withDrawnMean(d: Omit<Distribution, 'mean'>, draws = 20000): Distribution {
  const random = seededRandom(0x5eed);
  let sum = 0;
  for (let i = 0; i < draws; i++) sum += d.draw(random);
  return { ...d, mean: sum / draws };
}

/** p50, p99 of a distribution's draws (fixed seed: the same every time). */
export function drawnQuantiles(d: Distribution, draws = 20000): { p50: number; p99: number } {
  const random = seededRandom(0x5eed);
  const values = new Float64Array(draws);
  for (let i = 0; i < draws; i++) values[i] = d.draw(random);
  values.sort();
  return { p50: quantileOfSorted(values, 0.5), p99: quantileOfSorted(values, 0.99) };
}

/**
 * The distribution mapped so that its p50 becomes `p50Ns` (values below the
 * median scale by the same factor) and, when given, its p99 becomes `p99Ns`
 * (values above the median stretch linearly between the two).
 */
export function mappedTo(d: Distribution, p50Ns: number, p99Ns: number | undefined, source: string): Distribution {
  const base = drawnQuantiles(d);
  const factor = base.p50 > 0 ? p50Ns / base.p50 : 1;
  const upper = p99Ns !== undefined && base.p99 > base.p50 ? (p99Ns - p50Ns) / (base.p99 - base.p50) : factor;
  return withDrawnMean({
    source,
    p50: p50Ns,
    draw(r: Random) {
      const v = d.draw(r);
      return v <= base.p50 ? v * factor : p50Ns + (v - base.p50) * upper;
    },
  });
}

/** The larger of zero and a draw minus a constant: e.g. a refill penalty over the in-place time. */
export function excessOver(d: Distribution, baselineNs: number, source: string): Distribution {
  return withDrawnMean({
    source,
    p50: Math.max(0, d.p50 - baselineNs),
    draw: (r) => Math.max(0, d.draw(r) - baselineNs),
  });
}

export function scaledBy(d: Distribution, factor: number, source: string): Distribution {
  return { source, p50: d.p50 * factor, mean: d.mean * factor, draw: (r) => d.draw(r) * factor };
}
