// The one seeded generator: the model's and the simulator's draws, the plan's
// sample of CPU pairs and the tests' synthetic runs all come from it, so a
// seed in a results document reproduces every random choice made with it.

export type Random = () => number;

/** mulberry32: a small, seedable uniform generator in (0, 1) (never 0, so a log of it is finite). */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) + 0.5) / 4294967296;
  };
}
