import { addon } from '../native.js';
import { planEntries } from '../plan/entries.js';

export function listCommand(options: { json?: boolean }): void {
  const probes = addon.probes().map((info) => ({
    ...info,
    placements: planEntries.find((e) => e.probe === info.name)?.placements ?? [],
  }));
  if (options.json) {
    process.stdout.write(`${JSON.stringify(probes, null, 2)}\n`);
    return;
  }
  for (const p of probes) {
    process.stdout.write(`${p.name}  [${p.placements.join(', ')}]\n  ${p.description}\n`);
    for (const param of p.params)
      process.stdout.write(`    ${param.name} = ${param.defaults.join(',')}  ${param.description} (${param.min}…${param.max})\n`);
  }
}
