// `node dist/bench/simulateBench.js [results.json]`: how fast the simulator
// runs and how much memory it holds. Every strategy at 256 CPUs and N = 1024
// for 1,000,000 events (the target: under 10 s each), then one configuration
// at 1, 2 and 4 million events to show that memory does not grow with the
// event count. The primitives come from the file given, else from a small
// quick run measured now.
import { Probe } from '../src/catalogue/index.js';
import { readResults } from '../src/results/readResults.js';
import type { ResultsDocument } from '../src/results/schema.js';
import { run } from '../src/run.js';
import { defaultOptions, flatTopology } from '../src/simulate/index.js';
import { SimulationInputs } from '../src/simulate/inputs.js';
import { baseSpec } from '../src/simulate/simulationPlan.js';
import type { RunSpec } from '../src/simulate/runSpec.js';
import { SimulationRun } from '../src/simulate/simulationRun.js';
import { writeBenchJson } from './env.js';

const from = process.argv[2];
const doc: ResultsDocument = from ? readResults(from) : await run({ trials: 2, samplesScale: 0.3 });
const context = { primitives: new SimulationInputs(doc), topology: flatTopology(), kernelSliceNs: 3e6 };
const base = baseSpec(defaultOptions(1));
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

function measure(spec: RunSpec) {
  const started = performance.now();
  const simulation = new SimulationRun(spec, context);
  simulation.advance(Infinity);
  const wallMs = performance.now() - started;
  const memory = process.memoryUsage();
  return {
    strategy: spec.strategy,
    cpus: spec.cpus,
    tasks: spec.tasks,
    events: simulation.machine.events,
    wallMs,
    eventsPerSecond: (simulation.machine.events / wallMs) * 1000,
    heapUsedBytes: memory.heapUsed,
    rssBytes: memory.rss,
    agendaSlots: simulation.machine.agendaCapacity,
  };
}

const figures: ReturnType<typeof measure>[] = [];
process.stdout.write('# 256 CPUs, N = 1024, 1,000,000 events per strategy (target: < 10 s)\n');
const strategies: [RunSpec['workload'], string][] = [
  ['wakes', Probe.wakeDedicated],
  ['wakes', Probe.wakeLocked],
  ['wakes', Probe.wakeUnlocked],
  ['syscalls', Probe.syscallHold],
  ['syscalls', Probe.syscallHandoff],
  ['syscalls', Probe.syscallLazy],
  ['syscalls', Probe.syscallDedicated],
];
for (const [workload, strategy] of strategies) {
  const f = measure({ ...base, workload, strategy, cpus: 256, tasks: 1024, procs: 256, events: 1_000_000 });
  figures.push(f);
  process.stdout.write(
    `  ${strategy.padEnd(18)} ${(f.wallMs / 1000).toFixed(2)} s  ${(f.eventsPerSecond / 1e6).toFixed(2)} M events/s  heap ${mib(f.heapUsedBytes)}  RSS ${mib(f.rssBytes)}${f.wallMs > 10_000 ? '  (over target)' : ''}\n`,
  );
}
process.stdout.write('\n# Memory against the event count (wake/unlocked, 256 CPUs, N = 1024)\n');
for (const events of [1_000_000, 2_000_000, 4_000_000]) {
  const f = measure({ ...base, strategy: Probe.wakeUnlocked, cpus: 256, tasks: 1024, procs: 256, events });
  figures.push(f);
  process.stdout.write(
    `  ${(events / 1e6).toFixed(0)} M events: ${(f.wallMs / 1000).toFixed(2)} s, agenda ${f.agendaSlots} slots, heap ${mib(f.heapUsedBytes)}, RSS ${mib(f.rssBytes)}\n`,
  );
}
process.stdout.write(`\npeak RSS ${mib(process.resourceUsage().maxRSS * 1024)}\n`);
const written = writeBenchJson({ simulate: figures, peakRssBytes: process.resourceUsage().maxRSS * 1024 });
if (written) process.stdout.write(`(figures written to ${written})\n`);
