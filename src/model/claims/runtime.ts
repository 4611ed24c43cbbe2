// The real Go runtime's figures a judge reads: the document's go section,
// measured in the same run beside the emulation. Rounds run every
// configuration in turn, so round i of two configurations saw the same
// stretch of time: ratios are paired by round.
import type { GoMeasurement, GoResults } from '../../go/goResultsSchema.js';

export type GoFind = (
  kind: GoMeasurement['kind'],
  config: Record<string, string | number>,
) => GoMeasurement | undefined;

/** The runtime's measurements; none when Go was not measured, skipped or failed. */
export function goMeasured(go: GoResults | undefined): GoMeasurement[] {
  return go && !go.skipped && !go.failed ? go.measurements : [];
}

/** Finds a measurement by kind and configuration (gomaxprocs included). */
export function goFinder(measured: GoMeasurement[]): GoFind {
  return (kind, config) =>
    measured.find(
      (m) =>
        m.kind === kind &&
        Object.entries(config).every(([k, v]) => (k === 'gomaxprocs' ? m.gomaxprocs : m.config[k]) === v),
    );
}

/** a / b per round, for rounds both measured. */
export function ratioPerRound(a: GoMeasurement, b: GoMeasurement): number[] {
  const n = Math.min(a.perRound.length, b.perRound.length);
  return Array.from({ length: n }, (_, i) => a.perRound[i]! / b.perRound[i]!);
}

/** Why the runtime is not the evidence here, for a verdict's words. */
export function runtimeAbsence(go: GoResults | undefined): string {
  if (!go) return 'the real Go runtime was not measured';
  if (go.skipped) return 'Go was not measured here';
  if (go.failed) return 'the Go program gave no results';
  return 'the Go program did not measure this configuration';
}
