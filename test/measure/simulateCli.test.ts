// `schedcost simulate` as a command, on a committed real run.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Value } from '@sinclair/typebox/value';
import type { ResultsDocument } from '../../src/results/schema.js';
import { SimulationSchema } from '../../src/simulate/index.js';
import { cliPath, quickRunFixture } from '../support/helpers.js';

const live = quickRunFixture();

test(
  'schedcost simulate --from FILE --json: the document with a simulated section',
  { skip: live.host.allowedCpus.length < 2 ? 'the simulation draws cross-CPU wakes: the run needs two CPUs' : false },
  () => {
    const dir = mkdtempSync(join(tmpdir(), 'schedcost-simulate-'));
    try {
      const from = join(dir, 'base.json'),
        out = join(dir, 'out.json');
      writeFileSync(from, JSON.stringify(live));
      const args = [cliPath, 'simulate', '--from', from, '--cpus', '2,4', '--tasks-per-cpu', '1,2', '--events', '3000'];
      const result = spawnSync(process.execPath, [...args, '--json', out], { encoding: 'utf8' });
      assert.equal(result.status, 0, result.stderr);
      assert.match(result.stdout, /SIMULATED, not measured/);
      assert.match(result.stdout, /no topology given/);
      const written = JSON.parse(readFileSync(out, 'utf8')) as ResultsDocument & { simulation: unknown };
      assert.ok(Value.Check(SimulationSchema, written.simulation));
      assert.deepEqual(written.probes, live.probes, 'the measurements are kept as they were');
      const again = spawnSync(process.execPath, [...args, '--json', out], { encoding: 'utf8' });
      assert.equal(again.status, 2, 'an existing --json file needs --force');
      const bad = spawnSync(process.execPath, [...args, '--topology', from.replace('base', 'missing')], {
        encoding: 'utf8',
      });
      assert.equal(bad.status, 2);
      const tasks = spawnSync(process.execPath, [cliPath, 'simulate', '--from', from, '--tasks-per-cpu', '0'], {
        encoding: 'utf8',
      });
      assert.equal(tasks.status, 2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
);
