import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { catalogue, Param, Probe } from '../../src/catalogue/index.js';
import { UsageError } from '../../src/errors.js';
import { applyOverrides, parseParamOverride } from '../../src/plan/paramOverrides.js';

test('--param accepts every documented parameter at its default, min and max', () => {
  for (const spec of catalogue)
    for (const param of spec.params)
      for (const value of [param.defaults[0]!, param.min, param.max]) {
        const parsed = parseParamOverride(`${spec.name}.${param.name}=${value}`);
        assert.equal(parsed[spec.name]![param.name], value);
      }
});

test('--param refuses what the catalogue does not allow, with a UsageError naming it', () => {
  const cases: [string, RegExp][] = [
    ['nope.gapMinNs=1', /unknown probe 'nope'/],
    [`${Probe.futexWake}.nope=1`, /has no parameter 'nope'; it takes gapMinNs, gapMaxNs/],
    [`${Probe.futexPingpong}.gapMinNs=1`, /it takes none/],
    [`${Probe.futexWake}.gapMinNs=-1`, /must lie in \[0, 1000000000\] \(ns\), got -1/],
    [`${Probe.futexWake}.gapMinNs=abc`, /is not a number/],
    [`${Probe.futexWake}.gapMinNs=1,2`, /at most 1 value/],
    [`${Probe.futexWake}gapMinNs`, /takes PROBE.KEY=VALUE/],
  ];
  for (const [text, message] of cases) assert.throws(() => parseParamOverride(text), { name: 'UsageError', message });
});

test('property: any value either parses within the range or is a UsageError', () => {
  const params = catalogue.flatMap((spec) => spec.params.map((param) => ({ probe: spec.name, param })));
  fc.assert(
    fc.property(fc.constantFrom(...params), fc.double({ noNaN: false }), ({ probe, param }, value) => {
      try {
        const parsed = parseParamOverride(`${probe}.${param.name}=${value}`);
        const got = parsed[probe]![param.name] as number;
        assert.ok(got >= param.min && got <= param.max);
      } catch (error) {
        assert.ok(error instanceof UsageError, String(error));
      }
    }),
    { numRuns: 1000 },
  );
});

test('overrides apply to every planned set; sets that become equal run once; a gap turned upside down is refused', () => {
  const sets = [0, 5000, 20000].map((sliceNs) => ({
    [Param.sliceNs]: sliceNs,
    [Param.gapMinNs]: 1,
    [Param.gapMaxNs]: 2,
  }));
  assert.deepEqual(applyOverrides(Probe.wakeUnlocked, sets, { [Param.sliceNs]: 7 }), [
    { [Param.sliceNs]: 7, [Param.gapMinNs]: 1, [Param.gapMaxNs]: 2 },
  ]);
  assert.equal(applyOverrides(Probe.wakeUnlocked, sets, { [Param.gapMaxNs]: 9 }).length, 3);
  assert.throws(() => applyOverrides(Probe.wakeUnlocked, sets, { [Param.gapMinNs]: 5 }), /would lie above/);
});
