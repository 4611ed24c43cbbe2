// The one way commands read a results file: readResults, and a note on
// stderr when the file was written by an older schedcost and migrated, so the
// user knows which figures came through a migration (stdout stays the
// command's output: tables, JSON, exports).
import { readResults } from '../results/readResults.js';
import { SCHEMA_VERSION, type ResultsDocument } from '../results/schema.js';

export function readDocument(path: string): ResultsDocument {
  const doc = readResults(path);
  if (doc.migratedFrom !== undefined)
    process.stderr.write(
      `note: ${path} holds data written with schemaVersion ${doc.migratedFrom}, read through the migrations to ${SCHEMA_VERSION}\n`,
    );
  return doc;
}
