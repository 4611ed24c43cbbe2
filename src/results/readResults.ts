// Reads a results document for compare, report and export: refuses (with a
// UsageError saying what is wrong) anything unreadable, oversized, malformed,
// of a version it cannot read, or not matching the schema. A document of an
// older version is migrated first (migrations.ts) and says so in
// `migratedFrom`. Never evaluates it.
import { readFileSync, statSync } from 'node:fs';
import { UsageError } from '../errors.js';
import { migrate, OLDEST_READABLE_VERSION } from './migrations.js';
import { SCHEMA_VERSION, type ResultsDocument } from './schema.js';
import { schemaProblems } from './validate.js';

export const MAX_RESULTS_BYTES = 256 * 1024 * 1024;

export function parseResults(text: string, source: string): ResultsDocument {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${source} is not valid JSON (${(error as Error).message}); truncated?`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    throw new UsageError(`${source} is not a schedcost results document`);
  const version = (data as { schemaVersion?: unknown }).schemaVersion;
  const readable =
    typeof version === 'number' &&
    Number.isInteger(version) &&
    version >= OLDEST_READABLE_VERSION &&
    version <= SCHEMA_VERSION;
  if (!readable) {
    const what = typeof version === 'number' ? `schemaVersion ${version}` : 'no schemaVersion';
    const hint =
      typeof version === 'number' && version > SCHEMA_VERSION
        ? 'written by a newer schedcost; upgrade to read it'
        : `this schedcost reads schemaVersion ${OLDEST_READABLE_VERSION} to ${SCHEMA_VERSION}`;
    throw new UsageError(`${source} has ${what}: ${hint}`);
  }
  if (version < SCHEMA_VERSION) data = migrate(data as Record<string, unknown>, version, SCHEMA_VERSION);
  const problems = schemaProblems(data);
  if (problems.length)
    throw new UsageError(`${source} does not match the results schema: ${problems.slice(0, 3).join('; ')}`);
  return data as ResultsDocument;
}

export function readResults(path: string): ResultsDocument {
  let size: number;
  try {
    const stat = statSync(path);
    if (!stat.isFile()) throw new UsageError(`${path} is not a file`);
    size = stat.size;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  if (size > MAX_RESULTS_BYTES) throw new UsageError(`${path} is larger than ${MAX_RESULTS_BYTES / 1024 ** 2} MiB`);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  return parseResults(text, path);
}
