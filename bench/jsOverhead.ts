// tinybench figures for what the JavaScript side adds: one call into the
// addon (argument checks, a libuv worker, a pinned thread started and
// joined, results converted back), and turning raw measurements into the
// results document's records.
import { Bench } from 'tinybench';
import { addon, type NativeMeasurement } from '../src/native.js';
import { addTrial } from '../src/results/assemble.js';
import type { MetricResult } from '../src/results/schema.js';

export async function jsOverhead(): Promise<Bench> {
  const cpu = (await addon().hostFacts()).allowedCpus[0]!;
  const sample = await addon().runProbe({
    probe: 'futex-pingpong',
    cpus: [cpu, cpu],
    samples: 10_000,
    timeoutMs: 60_000,
  });
  const measurement: NativeMeasurement = sample.measurements[0]!;
  const bench = new Bench({ time: 1000, warmupTime: 200 });
  bench
    .add('addon call: runProbe(syscall, 1 sample of 1 call)', async () => {
      await addon().runProbe({ probe: 'syscall', cpus: [cpu], samples: 1, timeoutMs: 10_000, params: { batch: 1 } });
    })
    .add('results conversion: one trial of 10,000 samples', () => {
      const metrics: MetricResult[] = [];
      addTrial(metrics, 'futex-pingpong', { kind: 'same-cpu', cpus: [cpu, cpu] }, {}, [measurement], 1);
    });
  await bench.run();
  return bench;
}
