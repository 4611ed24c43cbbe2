import { doctorInputFor, runDoctor } from '../doctor/doctor.js';
import { hostFingerprint } from '../host/fingerprint.js';
import { addon } from '../native.js';
import { choosePlacements } from '../plan/placement.js';
import { renderTable } from '../format/textTable.js';
import { paint } from './terminal.js';
import { checkJsonTarget, writeJson } from './jsonOutput.js';

export async function doctorCommand(options: { json?: string | boolean; force?: boolean }): Promise<void> {
  checkJsonTarget(options.json, options.force ?? false);
  const host = hostFingerprint(await addon().hostFacts());
  const placements = choosePlacements(host.allowedCpus, host.smtSiblings);
  const findings = await runDoctor(doctorInputFor(host, placements));
  if (writeJson('doctor', options.json, findings)) return;
  const colour = { ok: 'green', info: 'cyan', warning: 'yellow' } as const;
  const rows = findings.map((f) => [
    paint(f.severity, colour[f.severity], process.stdout),
    f.title,
    f.detail,
    f.advice,
  ]);
  process.stdout.write(
    `${renderTable(['severity', 'check', 'found', 'advice'], rows, ['left', 'left', 'left', 'left'])}\n`,
  );
}
