// Removes compiled files whose TypeScript source is gone. tsc builds
// incrementally into dist/ and never deletes an output, so a deleted or moved
// test would otherwise still run from dist/.
import { existsSync, readdirSync, unlinkSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'dist');
const outputSuffixes = ['.d.ts.map', '.js.map', '.d.ts', '.js'];

function prune(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      prune(path);
      continue;
    }
    const suffix = outputSuffixes.find((s) => entry.name.endsWith(s));
    if (suffix === undefined) continue;
    const source = join(root, relative(dist, path).slice(0, -suffix.length) + '.ts');
    if (!existsSync(source)) unlinkSync(path);
  }
}

if (existsSync(dist)) prune(dist);
