// `npm run bench`: the harness's own figures. Fidelity against independent
// references (perf bench, rt-tests, bench/reference/futex_ref.c), the quick
// suite's wall time and peak RSS, the gate's A/A and power study, and
// tinybench JS-side overheads. With
// SCHEDCOST_BENCH_JSON=path the figures are also written there as JSON.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { formatNs } from '../src/format/units.js';
import { benchRounds, benchScale, writeBenchJson } from './env.js';
import { printFidelity } from './fidelitySection.js';
import { jsOverhead } from './jsOverhead.js';
import { gateStudy, gateStudyText } from './gateStudy.js';

const json: Record<string, unknown> = {};
json.fidelity = await printFidelity(benchRounds(), benchScale());

// The gate's own A/A and power study: SCHEDCOST_GATE_RUNS quick runs (default 10; 0 skips it).
const gateRuns = Number(process.env.SCHEDCOST_GATE_RUNS ?? 10);
if (gateRuns >= 2) {
  process.stdout.write(`\n# The gate over ${gateRuns} quick runs of this build\n`);
  const study = gateStudy(gateRuns, (line) => process.stdout.write(`${line}\n`));
  json.gate = study;
  process.stdout.write(`${gateStudyText(study)}\n`);
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
  json.quickSuite = { wallMs, peakRssKiB, failed };
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
  json.soak = { afterFifthKiB, afterLastKiB, wallMs };
  process.stdout.write(
    `  RSS after run 5: ${(afterFifthKiB / 1024).toFixed(1)} MiB, after run 50: ${(afterLastKiB / 1024).toFixed(1)} MiB ` +
      `(${(((afterLastKiB - afterFifthKiB) / afterFifthKiB) * 100).toFixed(1)}%), ${(wallMs / 1000).toFixed(0)} s\n`,
  );
} else {
  process.stdout.write(`  soak failed: ${soak.stderr}\n`);
}

process.stdout.write('\n# JavaScript-side overheads (tinybench)\n');
const bench = await jsOverhead();
const overheads: { name: string; meanNs: number; p99Ns: number; samples: number | undefined }[] = [];
for (const task of bench.tasks) {
  const r = task.result;
  if (r && 'latency' in r && r.latency) {
    overheads.push({
      name: task.name,
      meanNs: r.latency.mean * 1e6,
      p99Ns: (r.latency.p99 ?? Number.NaN) * 1e6,
      samples: r.latency.samplesCount,
    });
    process.stdout.write(
      `  ${task.name}: mean ${formatNs(r.latency.mean * 1e6)}, p99 ${formatNs((r.latency.p99 ?? Number.NaN) * 1e6)}, ${r.latency.samplesCount ?? ''} samples\n`,
    );
  }
}
json.jsOverhead = overheads;
const written = writeBenchJson(json);
if (written) process.stdout.write(`\n(figures written to ${written})\n`);
