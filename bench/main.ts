// `npm run bench`: the harness's own figures. Fidelity against perf, the
// quick suite's wall time and peak RSS, and tinybench JS-side overheads.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { formatNs } from '../src/format/units.js';
import { fidelity } from './fidelity.js';
import { jsOverhead } from './jsOverhead.js';

const rounds = Number(process.env.SCHEDCOST_BENCH_ROUNDS ?? 5);

process.stdout.write(`# Fidelity against perf bench (${rounds} interleaved rounds, medians of per-run means)\n`);
for (const c of await fidelity(rounds)) {
  if (typeof c === 'string') process.stdout.write(`  skipped: ${c}\n`);
  else
    process.stdout.write(
      `  ${c.name}: schedcost ${formatNs(c.schedcostMedianNs)}, perf ${formatNs(c.perfMedianNs)}, ratio ${c.ratio.toFixed(3)}` +
        `${c.ratio >= 0.9 && c.ratio <= 1.1 ? '' : '  (outside 0.9–1.1)'}\n    (${c.perfCommand})\n`,
    );
}

process.stdout.write('\n# Quick suite in a fresh process\n');
const child = spawnSync(process.execPath, [fileURLToPath(new URL('./quickSuiteChild.js', import.meta.url))], {
  encoding: 'utf8',
  timeout: 300_000,
});
if (child.status === 0) {
  const { wallMs, peakRssKiB, failed } = JSON.parse(child.stdout) as {
    wallMs: number;
    peakRssKiB: number;
    failed: number;
  };
  process.stdout.write(
    `  wall time ${(wallMs / 1000).toFixed(1)} s (target < 30 s), peak RSS ${(peakRssKiB / 1024).toFixed(0)} MiB, failed probes ${failed}\n`,
  );
} else {
  process.stdout.write(`  quick suite failed: ${child.stderr}\n`);
}

process.stdout.write('\n# Memory over 50 repeated quick runs (scaled to 0.1, 1 trial) in one process\n');
const soak = spawnSync(process.execPath, [fileURLToPath(new URL('./rssSoakChild.js', import.meta.url)), '50'], {
  encoding: 'utf8',
  timeout: 900_000,
});
if (soak.status === 0) {
  const { afterFifthKiB, afterLastKiB, wallMs } = JSON.parse(soak.stdout) as {
    afterFifthKiB: number;
    afterLastKiB: number;
    wallMs: number;
  };
  process.stdout.write(
    `  RSS after run 5: ${(afterFifthKiB / 1024).toFixed(1)} MiB, after run 50: ${(afterLastKiB / 1024).toFixed(1)} MiB ` +
      `(${(((afterLastKiB - afterFifthKiB) / afterFifthKiB) * 100).toFixed(1)}%), ${(wallMs / 1000).toFixed(0)} s\n`,
  );
} else {
  process.stdout.write(`  soak failed: ${soak.stderr}\n`);
}

process.stdout.write('\n# JavaScript-side overheads (tinybench)\n');
const bench = await jsOverhead();
for (const task of bench.tasks) {
  const r = task.result;
  if (r && 'latency' in r && r.latency)
    process.stdout.write(
      `  ${task.name}: mean ${formatNs(r.latency.mean * 1e6)}, p99 ${formatNs((r.latency.p99 ?? Number.NaN) * 1e6)}, ${r.latency.samplesCount ?? ''} samples\n`,
    );
}
