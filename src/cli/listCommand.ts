import { listProbes } from '../probes.js';
import { planEntry } from '../plan/entries.js';

export function listCommand(options: { json?: boolean }): void {
  const probes = listProbes().map((info) => ({
    ...info,
    placements: planEntry(info.name)?.placements ?? [],
  }));
  if (options.json) {
    process.stdout.write(`${JSON.stringify(probes, null, 2)}\n`);
    return;
  }
  for (const p of probes) {
    process.stdout.write(`${p.name}  [${p.placements.join(', ')}]\n  ${p.description}\n`);
    for (const param of p.params)
      process.stdout.write(
        `    ${param.name} = ${param.defaults.join(',')}  ${param.description} (${param.min}…${param.max})\n`,
      );
  }
}
