// Checks where results will go before a run starts, so a run of minutes is
// never lost to a path that cannot be written.
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UsageError } from '../errors.js';

export function checkOutputPath(path: string, force: boolean): void {
  if (path === '-') return;
  const target = resolve(path);
  if (existsSync(target)) {
    if (statSync(target).isDirectory()) throw new UsageError(`${path} is a directory`);
    if (!force) throw new UsageError(`${path} exists; pass --force to overwrite it`);
  }
  const dir = dirname(target);
  if (!existsSync(dir)) throw new UsageError(`directory ${dir} does not exist`);
  try {
    accessSync(dir, constants.W_OK);
  } catch {
    throw new UsageError(`directory ${dir} is not writable`);
  }
}
