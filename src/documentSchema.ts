// The whole results document's JSON Schema: the core's fields
// (results/schema.ts) and the sections its extensions add, each declared
// beside its own schema. The one module that knows every extension; the
// shipped schema/results.schema.json is written from it.
import type { Static } from '@sinclair/typebox';
import { GoResultsSchema } from './go/goResultsSchema.js';
import { documentSchema, type ResultsDocument } from './results/schema.js';
import { SimulationSchema } from './simulate/simulationSchema.js';

export const ResultsDocumentSchema = documentSchema({ go: GoResultsSchema, simulation: SimulationSchema });

/**
 * The composed schema's type is the document type the rest of src/ uses: a
 * section composed here without its DocumentExtensions entry (or the
 * reverse) fails to compile.
 */
type Composed = Static<typeof ResultsDocumentSchema>;
type Assignable<A, B> = [A] extends [B] ? true : false;
// Both ways, and the keys too: an optional section missing on one side would pass assignability.
const composedIsTheDocument: [
  Assignable<Composed, ResultsDocument>,
  Assignable<ResultsDocument, Composed>,
  Assignable<keyof Composed, keyof ResultsDocument>,
  Assignable<keyof ResultsDocument, keyof Composed>,
] = [true, true, true, true];
void composedIsTheDocument;

export function schemaJsonText(): string {
  const schema = { $schema: 'http://json-schema.org/draft-07/schema#', ...ResultsDocumentSchema };
  return `${JSON.stringify(schema, null, 2)}\n`;
}
