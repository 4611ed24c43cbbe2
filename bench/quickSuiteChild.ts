// Runs the quick suite once in this (fresh) process and prints its wall time
// and peak RSS as JSON, for bench/main.ts.
import { readFileSync } from 'node:fs';
import { run } from '../src/run.js';

const started = performance.now();
const doc = await run({ suite: 'quick' });
const wallMs = performance.now() - started;
const peakRssKiB = Number(/^VmHWM:\s+(\d+)/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1]);
const failed = doc.probes.filter((p) => p.status === 'failed').length;
process.stdout.write(JSON.stringify({ wallMs, peakRssKiB, failed }));
