import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import type { ResultsDocument } from '../src/results/schema.js';
import { fileURLToPath } from 'node:url';

export const packageRoot = fileURLToPath(new URL('../../', import.meta.url));
export const cliPath = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));

export function threadCount(): number {
  const match = /^Threads:\s+(\d+)/m.exec(readFileSync('/proc/self/status', 'utf8'));
  return Number(match?.[1]);
}

export function fdCount(): number {
  return readdirSync('/proc/self/fd').length;
}

/** A results document a test's run wrote (the tests check its schema separately). */
export function readDocument(path: string): ResultsDocument {
  return JSON.parse(readFileSync(path, 'utf8')) as ResultsDocument;
}

/** Parsed JSON of a known shape, for what a command printed. */
export function parseAs<T>(text: string): T {
  return JSON.parse(text) as T;
}

/**
 * The document with its trials' disturbance flags removed: for tests of the
 * compare logic on real runs, which must not depend on how quiet the machine
 * running them is (the disturbance logic has tests of its own).
 */
export function undisturbed(doc: ResultsDocument): ResultsDocument {
  const copy = structuredClone(doc);
  for (const p of copy.probes) for (const m of p.metrics) for (const t of m.trials) delete t.disturbance;
  return copy;
}

/** The same, for a results file on disk. */
export function undisturbFile(path: string): void {
  writeFileSync(path, JSON.stringify(undisturbed(readDocument(path))));
}
