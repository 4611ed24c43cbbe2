import { fileURLToPath } from 'node:url';
import { ResultsDocumentSchema } from './schema.js';

/** schema/results.schema.json at the package root (this file is dist/src/results/). */
export const schemaPath = fileURLToPath(new URL('../../../schema/results.schema.json', import.meta.url));

export function schemaJsonText(): string {
  const schema = { $schema: 'http://json-schema.org/draft-07/schema#', ...ResultsDocumentSchema };
  return `${JSON.stringify(schema, null, 2)}\n`;
}
