// Where one strategy stops paying against another: along N/C at each CPU
// count, the point where the better of two strategies changes (throughput:
// higher is better; wake-to-run p50: lower), interpolated on a log scale.
// Differences within 5% count as ties (a simulated run's own noise), so a
// crossover is a change of sign between points that differ by more.
// Every strategy is compared with the dedicated one of its workload.
import { Probe } from '../catalogue/index.js';
import type { Crossover, SimulatedRun } from './simulationSchema.js';

type Quantity = Crossover['quantity'];

/** Relative differences below this are ties. */
const TIE = 0.05;

const QUANTITIES: { quantity: Quantity; value: (r: SimulatedRun) => number | undefined; higherIsBetter: boolean }[] = [
  { quantity: 'throughput', value: (r) => r.throughputPerSecond || undefined, higherIsBetter: true },
  { quantity: 'wakeToRun p50', value: (r) => r.wakeToRunNs?.p50 || undefined, higherIsBetter: false },
];

function ratioText(r: number): string {
  return r >= 10 ? r.toFixed(0) : r >= 1 ? r.toFixed(1) : r.toFixed(2);
}

interface Point {
  ratio: number;
  /** log(dedicated / other), signed so that positive means dedicated is better. */
  advantage: number;
}

const sign = (p: Point) => (Math.abs(p.advantage) < Math.log1p(TIE) ? 0 : Math.sign(p.advantage));

/** N/C where the advantage crosses zero between two points of opposite sign (log-linear). */
function crossing(points: Point[], from: number, to: number): number {
  for (let i = from; i < to; i++) {
    const p = points[i]!,
      q = points[i + 1]!;
    if (p.advantage === 0) return p.ratio;
    if (Math.sign(p.advantage) !== Math.sign(q.advantage)) {
      const t = p.advantage / (p.advantage - q.advantage);
      return Math.exp(Math.log(p.ratio) + t * (Math.log(q.ratio) - Math.log(p.ratio)));
    }
  }
  return points[to]!.ratio;
}

function compare(
  runs: SimulatedRun[],
  dedicated: string,
  versus: string,
  { quantity, value, higherIsBetter }: (typeof QUANTITIES)[number],
): Crossover[] {
  const { workload, scenario, cpus } = runs[0]!;
  if (workload === 'emulation') return [];
  const at = (strategy: string) =>
    new Map(runs.filter((r) => r.strategy === strategy).map((r) => [r.tasks / r.cpus, r] as const));
  const a = at(dedicated),
    b = at(versus);
  const points: Point[] = [...a.keys()]
    .filter((ratio) => b.has(ratio))
    .sort((x, y) => x - y)
    .flatMap((ratio) => {
      const va = value(a.get(ratio)!),
        vb = value(b.get(ratio)!);
      return va && vb ? [{ ratio, advantage: (higherIsBetter ? 1 : -1) * Math.log(va / vb) }] : [];
    });
  if (points.length === 0) return [];
  const on = quantity === 'throughput' ? 'on throughput' : 'on wake-to-run p50';
  const name = (s: number) => (s > 0 ? dedicated : versus);
  const beats = (s: number) => `${name(s)} beats ${name(-s)} ${on}`;
  const range = `N/C ${ratioText(points[0]!.ratio)}–${ratioText(points[points.length - 1]!.ratio)}`;
  const base = { workload, scenario, cpus, quantity, strategy: dedicated, versus };
  const decided = points.map((p, i) => ({ i, s: sign(p) })).filter((d) => d.s !== 0);
  if (decided.length === 0)
    return [
      {
        ...base,
        tasksPerCpu: null,
        betterBelow: 'neither',
        summary: `at ${cpus} CPUs ${dedicated} and ${versus} are within ${100 * TIE}% of each other throughout ${range}`,
      },
    ];
  const out: Crossover[] = [];
  for (let k = 0; k + 1 < decided.length; k++) {
    const p = decided[k]!,
      q = decided[k + 1]!;
    if (p.s === q.s) continue;
    const ratio = crossing(points, p.i, q.i);
    out.push({
      ...base,
      tasksPerCpu: ratio,
      betterBelow: name(p.s),
      summary: `at ${cpus} CPUs ${beats(p.s)} up to N/C ≈ ${ratioText(ratio)}, and loses beyond`,
    });
  }
  if (out.length === 0) {
    const s = decided[0]!.s;
    const tied = points.filter((p) => sign(p) === 0).map((p) => ratioText(p.ratio));
    const ties = tied.length ? ` (within ${100 * TIE}% at N/C ${tied.join(', ')})` : '';
    const most = Math.exp(Math.max(...points.map((p) => Math.abs(p.advantage))));
    out.push({
      ...base,
      tasksPerCpu: null,
      betterBelow: name(s),
      summary: `at ${cpus} CPUs ${beats(s)} throughout ${range}, by up to ${most.toFixed(most < 10 ? 1 : 0)}×${ties}`,
    });
  }
  return out;
}

export function crossoversOf(runs: SimulatedRun[]): Crossover[] {
  const groups = new Map<string, SimulatedRun[]>();
  for (const r of runs) {
    if (r.workload === 'emulation') continue;
    const key = `${r.workload}\u0000${r.scenario}\u0000${r.cpus}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  return [...groups.values()].flatMap((group) => {
    const dedicated = group[0]!.workload === 'wakes' ? Probe.wakeDedicated : Probe.syscallDedicated;
    const others = [...new Set(group.map((r) => r.strategy))].filter((s) => s !== dedicated);
    return others.flatMap((versus) => QUANTITIES.flatMap((q) => compare(group, dedicated, versus, q)));
  });
}
