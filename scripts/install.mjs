// npm install: use the prebuilt addon shipped in prebuilds/ when it loads
// here; otherwise compile it with node-gyp, and say so. A failed compile
// leaves the package usable for compare, report, export and list (which need
// no addon); `schedcost run` then says how to build it.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);

function loads() {
  try {
    require('node-gyp-build')(root);
    return undefined;
  } catch (error) {
    return String(error.message).split('\n')[0];
  }
}

const reason = loads();
if (reason === undefined) process.exit(0);
process.stderr.write(
  `schedcost: no prebuilt addon loads here (${reason}); compiling it with node-gyp (needs python3, make and a C++20 compiler)\n`,
);
// npm tells scripts where its own node-gyp is; fall back to one on PATH.
// --jobs max: the sources compile independently, on every CPU.
const nodeGyp = process.env.npm_config_node_gyp;
const rebuild = ['rebuild', '--jobs', 'max'];
const build = nodeGyp
  ? spawnSync(process.execPath, [nodeGyp, ...rebuild], { cwd: root, stdio: 'inherit' })
  : spawnSync('node-gyp', rebuild, { cwd: root, stdio: 'inherit' });
if (build.status !== 0)
  process.stderr.write(
    'schedcost: the addon could not be compiled; compare, report, export and list work without it, run does not (npm rebuild schedcost once a compiler is installed)\n',
  );
