// Builds the addon only when it is out of date. binding.gyp lists the native
// sources when node-gyp configures, so configure runs only when build/ has no
// Makefile or the set of sources (or binding.gyp) changed; `node-gyp build`
// is make, which recompiles what changed and nothing when nothing did.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const stampPath = join(root, 'build', 'configured-sources.txt');
const sourceDirs = ['native/addon', 'native/core', 'native/core/probes', 'native/core/strategies'];

function configuredWith() {
  const sources = sourceDirs.flatMap((dir) =>
    readdirSync(join(root, dir))
      .filter((name) => name.endsWith('.cpp'))
      .map((name) => `${dir}/${name}`),
  );
  return [readFileSync(join(root, 'binding.gyp'), 'utf8'), ...sources.sort()].join('\n');
}

function nodeGyp(args) {
  const result = spawnSync('node-gyp', args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const wanted = configuredWith();
const stale =
  !existsSync(join(root, 'build', 'Makefile')) || !existsSync(stampPath) || readFileSync(stampPath, 'utf8') !== wanted;
if (stale) {
  nodeGyp(['configure']);
  writeFileSync(stampPath, wanted);
}
nodeGyp(['build', '--jobs', 'max']);
