import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { schemaJsonText } from '../../src/documentSchema.js';
import { schemaPath } from '../../src/results/schemaFile.js';
import { schemaProblems } from '../../src/results/validate.js';

test('the shipped JSON Schema is generated from the TypeScript definitions', () => {
  assert.equal(
    readFileSync(schemaPath, 'utf8'),
    schemaJsonText(),
    'schema/results.schema.json is stale: run npm run schema and commit it',
  );
});

test('documents that break the schema are reported, not accepted', () => {
  assert.notDeepEqual(schemaProblems({}), []);
  assert.notDeepEqual(schemaProblems({ schemaVersion: 2 }), []);
  assert.notDeepEqual(schemaProblems(null), []);
});
