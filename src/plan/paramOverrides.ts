// `run --param probe.key=value`: parameters users set, checked against the
// catalogue (name, number of values, range) and applied to every parameter
// set the suite plans for that probe.
import { Param, probeNames, probeSpec, type ProbeParams } from '../catalogue/index.js';
import { UsageError } from '../errors.js';

/** probe → parameter → value(s), as given on the command line. */
export type ParamOverrides = Record<string, ProbeParams>;

/** Parses one `probe.key=value[,value…]` and adds it to `previous`; throws UsageError. */
export function parseParamOverride(text: string, previous: ParamOverrides = {}): ParamOverrides {
  const match = /^\s*([^=\s]+)\.([A-Za-z]+)\s*=\s*(.+)$/.exec(text);
  if (!match) throw new UsageError(`--param takes PROBE.KEY=VALUE (e.g. futex-wake.gapMinNs=10000), got '${text}'`);
  const [, probe, key, valueText] = match as unknown as [string, string, string, string];
  const values = valueText.split(',').map((v) => v.trim());
  if (values.some((v) => v === '' || !Number.isFinite(Number(v))))
    throw new UsageError(
      `--param ${probe}.${key}: '${valueText}' is not a number or a comma-separated list of numbers`,
    );
  const numbers = values.map(Number);
  const merged = { ...previous, [probe]: { ...previous[probe], [key]: numbers.length === 1 ? numbers[0]! : numbers } };
  checkParamOverrides(merged);
  return merged;
}

/** Throws UsageError for an unknown probe or parameter, too many values, or a value out of range. */
export function checkParamOverrides(overrides: ParamOverrides): void {
  for (const [probe, params] of Object.entries(overrides)) {
    const spec = probeSpec(probe);
    if (!spec) throw new UsageError(`--param: unknown probe '${probe}'; probes: ${probeNames().join(', ')}`);
    for (const [key, value] of Object.entries(params)) {
      const param = spec.params.find((p) => p.name === key);
      if (!param)
        throw new UsageError(
          `--param: ${probe} has no parameter '${key}'` +
            (spec.params.length ? `; it takes ${spec.params.map((p) => p.name).join(', ')}` : '; it takes none'),
        );
      const values = Array.isArray(value) ? value : [value];
      if (values.length > param.maxValues)
        throw new UsageError(`--param ${probe}.${key} takes at most ${param.maxValues} value(s), got ${values.length}`);
      for (const v of values)
        if (!(v >= param.min && v <= param.max))
          throw new UsageError(
            `--param ${probe}.${key} must lie in [${param.min}, ${param.max}] (${param.unit}), got ${v}`,
          );
    }
  }
}

/**
 * The suite's parameter sets with the user's values applied. Sets that become
 * equal (a swept parameter set by the user) are run once.
 */
export function applyOverrides(probe: string, sets: ProbeParams[], overrides: ProbeParams | undefined): ProbeParams[] {
  if (!overrides) return sets;
  const seen = new Set<string>();
  const applied: ProbeParams[] = [];
  for (const set of sets) {
    const merged = { ...set, ...overrides };
    const lo = merged[Param.gapMinNs],
      hi = merged[Param.gapMaxNs];
    if (typeof lo === 'number' && typeof hi === 'number' && lo > hi)
      throw new UsageError(`--param ${probe}: ${Param.gapMinNs} (${lo}) would lie above ${Param.gapMaxNs} (${hi})`);
    const key = JSON.stringify(Object.entries(merged).sort(([a], [b]) => a.localeCompare(b)));
    if (seen.has(key)) continue;
    seen.add(key);
    applied.push(merged);
  }
  return applied;
}
