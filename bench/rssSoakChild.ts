// Runs a scaled-down quick suite 50 times in this one process and prints the
// resident set size after the 5th and the 50th run: it should stay flat.
import { readFileSync } from 'node:fs';
import { run } from '../src/run.js';

const rssKiB = () => Number(/^VmRSS:\s+(\d+)/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1]);
const runs = Number(process.argv[2] ?? 50);
let afterFifth = 0;
const started = performance.now();
for (let i = 1; i <= runs; i++) {
  await run({ suite: 'quick', trials: 1, samplesScale: 0.1 });
  if (i === 5) afterFifth = rssKiB();
}
process.stdout.write(
  JSON.stringify({ runs, afterFifthKiB: afterFifth, afterLastKiB: rssKiB(), wallMs: performance.now() - started }),
);
