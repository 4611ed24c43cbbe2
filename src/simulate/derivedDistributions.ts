// Distributions derived from measured ones: shifted (a sleep of another
// length keeps the measured overshoot), scaled to given quantiles (a
// topology class stated by its p50 and p99 keeps the measured shape), and
// read from a trial's summary statistics when no histogram exists.
import type { Distribution } from '../model/measuredDistribution.js';
import type { Random } from '../stats/random.js';
import { seededRandom } from '../stats/random.js';
import type { DistributionNsDoc } from '../results/schema.js';
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

/** A distribution from summary statistics: linear between min, p50, p90, p99, p999 and max. */
export function fromStats(stats: DistributionNsDoc, source: string): Distribution {
  const knots: [number, number][] = [
    [0, stats.min],
    [0.5, stats.p50],
    [0.9, stats.p90],
    [0.99, stats.p99],
    [0.999, stats.p999],
    [1, stats.max],
  ];
  return {
    source,
    p50: stats.p50,
    mean: stats.mean,
    draw(r: Random) {
      const u = r();
      for (let i = 1; i < knots.length; i++) {
        const [q1, v1] = knots[i]!;
        if (u <= q1) {
          const [q0, v0] = knots[i - 1]!;
          return v0 + ((u - q0) / (q1 - q0)) * (v1 - v0);
        }
      }
      return stats.max;
    },
  };
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
