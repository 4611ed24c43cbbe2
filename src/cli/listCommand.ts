// `schedcost list`: every probe and strategy `run` accepts, from the catalogue
// (no addon needed), with placements, parameters and metrics.
import { catalogue } from '../catalogue/index.js';
import { formatParamValue } from '../format/units.js';
import { checkJsonTarget, writeJson } from './jsonOutput.js';

export function listCommand(options: { json?: string | boolean; force?: boolean }): void {
  checkJsonTarget(options.json, options.force ?? false);
  const probes = catalogue.map(({ name, description, family, params, metrics, plan }) => ({
    name,
    family,
    description,
    placements: plan.placements,
    params,
    metrics,
  }));
  if (writeJson('list', options.json, probes)) return;
  for (const p of probes) {
    process.stdout.write(`${p.name}  (${p.family}; ${p.placements.join(', ')})\n  ${p.description}\n`);
    for (const param of p.params) {
      const value = (v: number) => formatParamValue(param.unit, v);
      const range = `${value(param.min)} to ${value(param.max)}${param.maxValues > 1 ? `, up to ${param.maxValues} values` : ''}`;
      process.stdout.write(
        `    --param ${p.name}.${param.name}=${param.defaults.join(',')}  ${param.description} [${param.unit}; ${range}]\n`,
      );
    }
    process.stdout.write(
      `    metrics: ${p.metrics.map((m) => `${m.name}${m.role === 'headline' ? '' : ` (${m.role})`}`).join(', ')}\n`,
    );
  }
}
