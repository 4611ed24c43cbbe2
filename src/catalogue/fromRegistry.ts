// What the native registry (registry.ts, generated from the C++) says of a
// probe: its name, description and parameters, as the catalogue's types. The
// catalogue adds only what C++ cannot know: plans, metric roles, movesWith.
import { nativeProbes } from './registry.js';
import type { ParamSpec } from './types.js';

export type NativeProbeName = (typeof nativeProbes)[number]['name'];

export function fromRegistry(name: NativeProbeName): { name: string; description: string; params: ParamSpec[] } {
  const probe = nativeProbes.find((p) => p.name === name)!;
  return {
    name: probe.name,
    description: probe.description,
    params: probe.params.map((param) => ({ ...param, defaults: [...param.defaults] })),
  };
}
