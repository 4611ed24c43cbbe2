import { readFileSync, readdirSync } from 'node:fs';
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
