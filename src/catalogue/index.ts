// The catalogue: every probe and strategy with its parameters, metrics and
// plan, and the names they go by. Everything else reads them from here.
import { Probe } from './names.js';
import { primitiveProbes } from './primitives.js';
import { strategyProbes } from './strategies.js';
import { claimExperiments } from './claimExperiments.js';
import type { MetricSpec, ProbeSpec } from './types.js';

export * from './names.js';
export * from './types.js';
export { defaultSet } from './primitives.js';
export { defaultOf } from './params.js';
export { crossWakeCalibration } from './calibration.js';
export { DiagnosticCode } from './diagnostics.js';

/** Every probe and strategy, in the order a trial runs them. */
export const catalogue: readonly ProbeSpec[] = [...primitiveProbes, ...strategyProbes, ...claimExperiments];

export function probeNames(): string[] {
  return catalogue.map((p) => p.name);
}

export function probeSpec(name: string): ProbeSpec | undefined {
  return catalogue.find((p) => p.name === name);
}

export function metricSpec(probe: string, metric: string): MetricSpec | undefined {
  return probeSpec(probe)?.metrics.find((m) => m.name === metric);
}

/** Some metric of the probe, placed across CPUs, follows the host's cross-CPU wake level. */
export function followsCrossWakeLevel(probe: string): boolean {
  return probeSpec(probe)?.metrics.some((m) => m.movesWith?.acrossCpus === 'wakeLevel') ?? false;
}

/** The native probe that measures `probe` (futex-matrix is futex-wake on every pair). */
export function nativeProbeOf(spec: ProbeSpec): string {
  return spec.engine.kind === 'alias' ? spec.engine.of : spec.name;
}

export function isStrategy(probe: string): boolean {
  return probeSpec(probe)?.family === 'strategy';
}

export const wakeStrategies = [Probe.wakeDedicated, Probe.wakeLocked, Probe.wakeUnlocked] as const;
export const syscallStrategies = [
  Probe.syscallHold,
  Probe.syscallHandoff,
  Probe.syscallLazy,
  Probe.syscallDedicated,
] as const;

/** A scalar parameter of a probe result: its recorded value, else the catalogue's default. */
export function paramValue(probe: string, params: Record<string, number | number[]>, name: string): number {
  const value = params[name];
  if (typeof value === 'number') return value;
  const spec = probeSpec(probe)?.params.find((p) => p.name === name);
  if (!spec) throw new RangeError(`${probe} has no parameter '${name}'`);
  return spec.defaults[0]!;
}
export { CLAIMS, claimSpec, type ClaimSpec } from './claims.js';
