// The configurations a simulation runs: every workload × scenario × CPU
// count × N/C × strategy, each with its own seed (so any one of them can be
// rerun alone and gives the same figures).
import { syscallStrategies, wakeStrategies } from '../catalogue/index.js';
import { emulationDefaults, type SimulateOptions } from './options.js';
import type { RunSpec } from './runSpec.js';
import type { Scenario } from './wakeCosts.js';

export function baseSpec(options: SimulateOptions): RunSpec {
  return {
    workload: 'wakes',
    scenario: 'default idle',
    strategy: '',
    cpus: 2,
    tasks: 1,
    procs: 1,
    computeNs: options.computeNs,
    syscallNs: options.syscallNs,
    pattern: options.pattern,
    messagesPerTask: options.messagesPerTask,
    workingSetBytes: options.workingSetBytes,
    ...emulationDefaults(),
    schedulerOnWakerCpu: false,
    events: options.validationEvents,
    seed: options.seed,
  };
}

/** A seed per configuration, from the run's seed and the configuration's place in the sweep. */
export function seedOf(seed: number, index: number): number {
  return (seed + Math.imul(index + 1, 0x9e3779b1)) >>> 0;
}

export function planRuns(options: SimulateOptions, scenarios: Scenario[]): RunSpec[] {
  const base = baseSpec(options);
  const specs: RunSpec[] = [];
  const planned = new Set<string>();
  for (const workload of options.workloads)
    for (const scenario of workload === 'wakes' ? scenarios : (['default idle'] as Scenario[]))
      for (const cpus of options.cpus)
        for (const ratio of options.tasksPerCpu)
          for (const strategy of workload === 'wakes' ? wakeStrategies : syscallStrategies) {
            // A pair needs two tasks; small CPU counts can round two ratios to one N: run it once.
            const tasks = Math.max(
              workload === 'wakes' && options.pattern === 'pairs' ? 2 : 1,
              Math.round(ratio * cpus),
            );
            const key = [workload, scenario, strategy, cpus, tasks].join('\u0000');
            if (planned.has(key)) continue;
            planned.add(key);
            specs.push({
              ...base,
              workload,
              scenario,
              strategy,
              cpus,
              tasks,
              procs: options.procs ?? cpus,
              events: options.eventsPerRun,
              seed: seedOf(options.seed, specs.length),
            });
          }
  return specs;
}
