// The bench's environment knobs, read in one place.
import { writeFileSync } from 'node:fs';
import { ROUNDS } from './fidelity.js';

/** SCHEDCOST_BENCH_ROUNDS: interleaved fidelity rounds (default ROUNDS). */
export function benchRounds(): number {
  const value = Number(process.env.SCHEDCOST_BENCH_ROUNDS ?? ROUNDS);
  if (!Number.isInteger(value) || value < 1) throw new RangeError('SCHEDCOST_BENCH_ROUNDS must be a whole number ≥ 1');
  return value;
}

/** SCHEDCOST_BENCH_SCALE: multiplies the fidelity loop counts (e.g. 0.05 to check parsing quickly); default 1. */
export function benchScale(): number {
  const value = Number(process.env.SCHEDCOST_BENCH_SCALE ?? 1);
  if (!(value > 0)) throw new RangeError('SCHEDCOST_BENCH_SCALE must be a number > 0');
  return value;
}

/** Writes doc as JSON to SCHEDCOST_BENCH_JSON when it is set; returns the path written, if any. */
export function writeBenchJson(doc: unknown): string | undefined {
  const path = process.env.SCHEDCOST_BENCH_JSON;
  if (!path) return undefined;
  writeFileSync(path, `${JSON.stringify(doc, null, 2)}\n`);
  return path;
}
