// Do our figures agree with independent tools on this machine? Runs `perf
// bench` and the matching schedcost probe interleaved (A B A B ...), so drift
// hits both alike, and compares the medians of the per-run means (perf
// reports a mean per op, so we compare like with like).
import { spawnSync } from 'node:child_process';
import { addon } from '../src/native.js';
import { median } from '../src/stats/distribution.js';

export interface FidelityComparison {
  name: string;
  perfCommand: string;
  perfMedianNs: number;
  schedcostMedianNs: number;
  ratio: number;
  rounds: number;
}

function perfUsecsPerOp(args: string[]): number | undefined {
  const result = spawnSync('taskset', ['-c', '0', 'perf', ...args], { encoding: 'utf8', timeout: 120_000 });
  const match = /([\d.]+)\s+usecs\/op/.exec(result.stdout ?? '');
  return match ? Number(match[1]) * 1000 : undefined;
}

function mean(values: Float64Array): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

async function compare(
  name: string,
  perfArgs: string[],
  probe: () => Promise<number>,
  rounds: number,
): Promise<FidelityComparison | string> {
  const perf: number[] = [];
  const ours: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const p = perfUsecsPerOp(perfArgs);
    if (p === undefined) return `${name}: 'perf ${perfArgs.join(' ')}' is not available here`;
    perf.push(p);
    ours.push(await probe());
  }
  const perfMedianNs = median(perf),
    schedcostMedianNs = median(ours);
  return {
    name,
    perfCommand: `taskset -c 0 perf ${perfArgs.join(' ')}`,
    perfMedianNs,
    schedcostMedianNs,
    ratio: schedcostMedianNs / perfMedianNs,
    rounds,
  };
}

export async function fidelity(rounds: number): Promise<(FidelityComparison | string)[]> {
  const cpu = 0;
  const loops = 100_000;
  const syscalls = 10_000_000; // perf's default loop count
  const pipe = await compare(
    'pipe round trip, two threads on one CPU',
    ['bench', 'sched', 'pipe', '-T', '-l', String(loops)],
    async () => {
      const out = await addon().runProbe({
        probe: 'pipe',
        cpus: [cpu, cpu],
        samples: loops,
        warmup: 1000,
        timeoutMs: 120_000,
        params: { gapMinNs: 1000, gapMaxNs: 1000 },
      });
      return mean(out.measurements.find((m) => m.metric === 'roundTrip')!.valuesNs);
    },
    rounds,
  );
  const syscall = await compare(
    'trivial syscall (getppid)',
    ['bench', 'syscall', 'basic', '-l', String(syscalls)],
    async () => {
      const out = await addon().runProbe({
        probe: 'syscall',
        cpus: [cpu],
        samples: syscalls / 100,
        warmup: 100,
        timeoutMs: 120_000,
        params: { batch: 100 },
      });
      return mean(out.measurements.find((m) => m.metric === 'getppid')!.valuesNs);
    },
    rounds,
  );
  return [pipe, syscall];
}
