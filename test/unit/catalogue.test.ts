// The catalogue is the one place probe, metric and parameter names and
// defaults are spelled: the native ones come from the C++ registry's committed
// description, and no other source file may spell a name as a string literal.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import {
  Aux,
  catalogue,
  Counter,
  DerivedName,
  Exclusion,
  Metric,
  nativeProbeOf,
  Param,
  Probe,
} from '../../src/catalogue/index.js';
import { nativeProbes } from '../../src/catalogue/registry.js';
import { registryJsonPath, registryModulePath, registryModuleText } from '../../scripts/registryText.js';
import { packageRoot } from '../support/helpers.js';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? sourceFiles(path) : entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Every name as a quoted literal ('x', "x" or `x`) in the file's text, with its line. */
export function spelledNames(text: string, names: string[]): { name: string; line: number }[] {
  const found: { name: string; line: number }[] = [];
  const lines = text.split('\n');
  for (const name of names) {
    const escaped = name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    const pattern = new RegExp(`(['"\`])${escaped}\\1`);
    lines.forEach((line, i) => {
      // Comments may name a probe; code may not.
      if (/^\s*(\/\/|\/\*|\*)/.test(line)) return;
      if (pattern.test(line)) found.push({ name, line: i + 1 });
    });
  }
  return found;
}

const ALL_NAMES = [
  ...new Set(
    [Probe, Metric, Param, Aux, Counter, Exclusion, DerivedName].flatMap((names) => Object.values(names) as string[]),
  ),
];

test('no file outside src/catalogue spells a probe, metric or parameter name', () => {
  const src = join(packageRoot, 'src');
  const offenders = sourceFiles(src)
    // The migrations are frozen: they spell names as the old documents they read spell them.
    .filter((file) => !relative(src, file).startsWith('catalogue') && relative(src, file) !== 'results/migrations.ts')
    .flatMap((file) =>
      spelledNames(readFileSync(file, 'utf8'), ALL_NAMES).map(
        (hit) => `${relative(packageRoot, file)}:${hit.line} '${hit.name}'`,
      ),
    );
  assert.deepEqual(offenders, []);
});

test('the scan finds a spelled name (it can fail)', () => {
  assert.deepEqual(spelledNames(`const x = find('futex-wake');\n`, ALL_NAMES), [{ name: Probe.futexWake, line: 1 }]);
  assert.deepEqual(spelledNames('const x = find(Probe.futexWake);\n', ALL_NAMES), []);
  assert.deepEqual(spelledNames("  /** e.g. { 'futex-wake': … } */\n", ALL_NAMES), []);
});

test('every name in the catalogue is unique per probe, and every probe has a plan and a metric', () => {
  assert.equal(new Set(catalogue.map((p) => p.name)).size, catalogue.length);
  for (const spec of catalogue) {
    assert.ok(spec.metrics.length > 0, spec.name);
    assert.equal(new Set(spec.metrics.map((m) => m.name)).size, spec.metrics.length, spec.name);
    assert.equal(new Set(spec.params.map((p) => p.name)).size, spec.params.length, spec.name);
    assert.ok(spec.plan.placements.length > 0, spec.name);
    for (const param of spec.params) {
      assert.ok(param.defaults.length >= 1 && param.defaults.length <= param.maxValues, `${spec.name}.${param.name}`);
      for (const v of param.defaults) assert.ok(v >= param.min && v <= param.max, `${spec.name}.${param.name} = ${v}`);
    }
  }
});

test('the catalogue module is generated from the committed registry JSON', () => {
  assert.equal(
    readFileSync(registryModulePath, 'utf8'),
    registryModuleText(readFileSync(registryJsonPath, 'utf8')),
    'src/catalogue/registry.ts is stale: run npm run registry and commit it',
  );
});

test('every native probe has a catalogue entry, and each entry lists the metrics its native probe emits', () => {
  const measured = catalogue.filter((spec) => spec.engine.kind !== 'alias').map((spec) => spec.name);
  assert.deepEqual(measured.sort(), nativeProbes.map((p) => p.name as string).sort());
  for (const spec of catalogue) {
    const native = nativeProbes.find((p) => p.name === nativeProbeOf(spec));
    assert.ok(native, `${spec.name}: no native probe ${nativeProbeOf(spec)}`);
    assert.deepEqual(spec.metrics.map((m) => m.name).sort(), [...native.metrics].sort(), `${spec.name}: metrics`);
  }
});
