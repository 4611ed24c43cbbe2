// Checks a parsed document against the shipped JSON Schema (the file users
// get, not the in-memory definitions), so a test of this checks the file too.
import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject } from 'ajv';
import { schemaPath } from './schemaFile.js';
import type { ResultsDocument } from './schema.js';

let compiled: (((data: unknown) => boolean) & { errors?: ErrorObject[] | null }) | undefined;

function validator() {
  if (!compiled) {
    const ajv = new Ajv({ allErrors: true, strict: true });
    compiled = ajv.compile(JSON.parse(readFileSync(schemaPath, 'utf8')));
  }
  return compiled;
}

/** Problems found, one line each; empty when the document is valid. */
export function schemaProblems(document: unknown): string[] {
  const validate = validator();
  if (validate(document)) return [];
  return (validate.errors ?? []).slice(0, 20).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`);
}

export function isResultsDocument(document: unknown): document is ResultsDocument {
  return schemaProblems(document).length === 0;
}
