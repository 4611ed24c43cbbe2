// The installed command must survive a rebuild: `npm test` rebuilt dist/ and
// the bin inside it lost its executable bit (`sh: schedcost: Permission
// denied`). The bin is now a committed file outside dist/; these tests run
// after build:ts has rewritten dist/, and execute the file itself, as npx does.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { accessSync, constants, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { cliPath, packageRoot } from '../support/helpers.js';

interface PackageJson {
  version: string;
  bin: Record<string, string>;
  files: string[];
}
const packageJson = JSON.parse(readFileSync(`${packageRoot}/package.json`, 'utf8')) as PackageJson;

test('package.json points the schedcost command at the committed bin entry, which the package ships', () => {
  assert.equal(`${packageRoot}${packageJson.bin['schedcost']}`, cliPath);
  assert.ok(packageJson.files.includes('bin'));
});

test('the bin entry is committed executable (git keeps the mode; a fresh clone gets it)', (t) => {
  const git = spawnSync('git', ['ls-files', '--stage', 'bin/schedcost.js'], { cwd: packageRoot, encoding: 'utf8' });
  if (git.status !== 0 || git.stdout === '') return t.skip('not a git checkout');
  assert.match(git.stdout, /^100755 /);
});

test('the bin entry runs by itself after dist/ was rebuilt', () => {
  accessSync(cliPath, constants.X_OK);
  const out = execFileSync(cliPath, ['--version'], { encoding: 'utf8' });
  assert.equal(out.trim(), packageJson.version);
});
