// `--json FILE` as every command spells it: the machine-readable output to a
// file (written whole, never half) or to stdout with '-'. `doctor` and `list`
// once took `--json` alone for stdout; that spelling still works, with a
// warning on stderr naming the one to use.
import { writeFileAtomic } from '../results/writeAtomic.js';
import { checkOutputPath } from './outputTarget.js';

/** Checks the target before anything is measured; `json` is what commander gives for `--json [file]`. */
export function checkJsonTarget(json: string | boolean | undefined, force: boolean): void {
  if (typeof json === 'string') checkOutputPath(json, force);
}

/** Writes `value` where `--json` says; false when it says nothing (print for a person instead). */
export function writeJson(command: string, json: string | boolean | undefined, value: unknown): boolean {
  if (json === undefined || json === false) return false;
  const text = `${JSON.stringify(value, null, 2)}\n`;
  if (json === true)
    process.stderr.write(
      `schedcost ${command}: --json without a file is deprecated: use --json - (stdout) or --json FILE\n`,
    );
  if (json === true || json === '-') process.stdout.write(text);
  else writeFileAtomic(json, text);
  return true;
}
