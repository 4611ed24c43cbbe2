// Units of sizes, and a parameter's default. The parameters themselves are
// the native registry's (fromRegistry.ts).
import type { ParamSpec } from './types.js';

export const KiB = 1024;
export const MiB = 1024 * KiB;

/** A parameter's default as a scalar (its first value). */
export function defaultOf(params: ParamSpec[], name: string): number {
  const found = params.find((p) => p.name === name);
  if (!found) throw new RangeError(`no parameter '${name}'`);
  return found.defaults[0]!;
}
