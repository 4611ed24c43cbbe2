// The kernel's wake costs for one simulated host: a same-CPU wake and each
// distance class of the topology, every draw taken at the measured idle gap
// nearest to how long the target CPU has been idle (a busy CPU: the
// shortest gap), from this host's measurements or, in the idle-polling
// scenario, from those taken with idle polling held.
import type { Random } from '../stats/random.js';
import type { WakeCosts } from './machine.js';
import type { SimulationInputs, GapEntry } from './inputs.js';
import type { Topology } from './topology.js';

export type Scenario = 'default idle' | 'idle polling';

function nearest(table: GapEntry[], idleNs: number): GapEntry {
  if (table.length === 1) return table[0]!;
  const target = Math.log(idleNs + 1);
  let best = table[0]!,
    bestDistance = Infinity;
  for (const e of table) {
    const distance = Math.abs(Math.log(e.gapNs + 1) - target);
    if (distance < bestDistance) {
      best = e;
      bestDistance = distance;
    }
  }
  return best;
}

export interface SimulatedCosts extends WakeCosts {
  /** What a migration across `klass` costs relative to this host's measured one. */
  migrationFactor(klass: number): number;
}

export function wakeCostsOf(
  primitives: SimulationInputs,
  topology: Topology,
  scenario: Scenario,
  random: Random,
): SimulatedCosts {
  const hostCross = scenario === 'idle polling' && primitives.crossPolled ? primitives.crossPolled : primitives.cross;
  const tables = [primitives.same, ...topology.classes.map((c) => c.table(hostCross))];
  const factors = [1, ...topology.classes.map((c) => c.migrationFactor)];
  let chosen: GapEntry = primitives.same[0]!;
  const noWaiter = primitives.futexWakeNoWaiter();
  return {
    classOf: topology.classOf,
    llcOf: topology.llcOf,
    latencyNs(klass, idleNs) {
      chosen = nearest(tables[klass]!, idleNs);
      return chosen.wake.draw(random);
    },
    // Drawn right after latencyNs, at the same gap.
    wakerCostNs: () => chosen.wakerCost.draw(random),
    noWaiterCostNs: () => noWaiter.draw(random),
    migrationFactor: (klass) => factors[klass] ?? 1,
  };
}
