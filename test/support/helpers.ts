import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { readAllowedCpus } from '../../src/host/fingerprint.js';
import type { ResultsDocument } from '../../src/results/schema.js';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parseResults } from '../../src/results/readResults.js';

export const packageRoot = fileURLToPath(new URL('../../../', import.meta.url));
/** The installed command: bin/schedcost.js, which loads the compiled CLI. */
export const cliPath = fileURLToPath(new URL('../../../bin/schedcost.js', import.meta.url));

/** The command run as a user runs it, optionally through a wrapper (`taskset -c 0 node`). */
export function cli(args: string[], command = process.execPath, prefix: string[] = []) {
  const result = spawnSync(command, [...prefix, cliPath, ...args], { encoding: 'utf8', timeout: 120_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

export function threadCount(): number {
  const match = /^Threads:\s+(\d+)/m.exec(readFileSync('/proc/self/status', 'utf8'));
  return Number(match?.[1]);
}

/**
 * The thread count once it reaches `expected`, or where it stands after
 * `deadlineMs`: a joined thread can stay listed in /proc for a moment.
 */
export async function threadCountSettledTo(expected: number, deadlineMs = 2000): Promise<number> {
  const deadline = performance.now() + deadlineMs;
  while (threadCount() !== expected && performance.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 20));
  return threadCount();
}

/** The CPUs this process may run on (Cpus_allowed_list), without the addon. */
export function allowedCpus(): number[] {
  return readAllowedCpus() ?? [];
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

/**
 * Four consecutive real quick runs of one build on the development VM,
 * default options, taken back to back for the gate's study (gzipped; the
 * fourth ran in a slower host state for its last three trials).
 */
export function realQuickRuns(): ResultsDocument[] {
  return [1, 2, 3, 4].map((n) => {
    const path = fixturePath(`quick-aa-${n}.json.gz`);
    return parseResults(fixtureText(path), path);
  });
}

/** A file under test/fixtures/. */
export function fixturePath(name: string): string {
  return join(packageRoot, 'test', 'fixtures', name);
}

/** A fixture's text as written, gunzipped when its name ends in .gz. */
export function fixtureText(path: string): string {
  const bytes = readFileSync(path);
  return (path.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8');
}

/** The first two of them: a real A/A pair. */
export function realQuickPair(): [ResultsDocument, ResultsDocument] {
  const [first, second] = realQuickRuns();
  return [first!, second!];
}

/** A committed results file of a real quick run on the development VM (test/fixtures/). */
export const quickRunFixturePath = fixturePath('quick-755800e.json');

/** That real quick run, read as `compare` reads a baseline: for tests that need real figures but measure nothing. */
export function quickRunFixture(): ResultsDocument {
  return parseResults(readFileSync(quickRunFixturePath, 'utf8'), quickRunFixturePath);
}
