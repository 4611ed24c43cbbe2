// Writes schema/results.schema.json from the TypeBox definitions (run by the
// build; a test checks the committed file is current).
import { writeFileSync } from 'node:fs';
import { schemaJsonText, schemaPath } from '../src/results/schemaFile.js';

writeFileSync(schemaPath, schemaJsonText());
