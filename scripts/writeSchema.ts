// Writes schema/results.schema.json from the TypeBox definitions (`npm run
// schema`; the build does not, so a test can tell when the committed file is stale).
import { writeFileSync } from 'node:fs';
import { schemaJsonText } from '../src/documentSchema.js';
import { schemaPath } from '../src/results/schemaFile.js';

writeFileSync(schemaPath, schemaJsonText());
