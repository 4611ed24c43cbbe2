import assert from 'node:assert/strict';
import { Value } from '@sinclair/typebox/value';
import { Ajv } from 'ajv';
import { metricSpec, probeSpec } from '../../src/catalogue/index.js';
import { GoResultsSchema, type GoResults } from '../../src/go/index.js';

const validateGo = new Ajv({ allErrors: true, strict: true }).compile(GoResultsSchema);

/** Go results match their schema, by TypeBox and by Ajv in strict mode (as the results file is read). */
export function checkGoSchema(go: GoResults): void {
  assert.ok(Value.Check(GoResultsSchema, go), JSON.stringify([...Value.Errors(GoResultsSchema, go)].slice(0, 3)));
  assert.ok(validateGo(JSON.parse(JSON.stringify(go))), JSON.stringify(validateGo.errors));
}

/** Counterparts name catalogue probes and metrics, with parameters those probes take. */
export function checkGoCounterparts(go: GoResults): void {
  for (const m of go.measurements) {
    const { probe: name, metric: metricName, params } = m.counterpart;
    assert.ok(metricSpec(name, metricName), `${m.id}: ${name} has no metric ${metricName}`);
    const known = probeSpec(name)!.params.map((p) => p.name);
    for (const key of Object.keys(params)) assert.ok(known.includes(key), `${m.id}: ${name} takes no ${key}`);
  }
}
