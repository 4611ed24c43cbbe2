import { fileURLToPath } from 'node:url';

/** schema/results.schema.json at the package root (this file is dist/src/results/); scripts/writeSchema.ts writes it from src/documentSchema.ts. */
export const schemaPath = fileURLToPath(new URL('../../../schema/results.schema.json', import.meta.url));
