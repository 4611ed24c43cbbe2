// `node dist/bench/gateStudyMain.js [RUNS]`: the gate's A/A and power study alone
// (npm run bench runs it too); JSON to $SCHEDCOST_BENCH_JSON when set.
import { writeFileSync } from 'node:fs';
import { gateStudy, POWER } from './gateStudy.js';

const runs = Number(process.argv[2] ?? process.env.SCHEDCOST_GATE_RUNS ?? 10);
process.stdout.write(`# The gate: A/A false alarms and power over ${runs} quick runs\n`);
const study = gateStudy(runs, (line) => process.stdout.write(`${line}\n`));
const pct = (n: number, of: number) => `${((100 * n) / of).toFixed(1)}%`;
process.stdout.write(
  `  false alarms: ${study.falseAlarmPairs}/${study.pairs} pairs (${pct(study.falseAlarmPairs, study.pairs)}); exit codes ${JSON.stringify(study.exitCodes)}; ` +
    `${study.judgedRows.toFixed(0)} of ${study.gatedRows.toFixed(0)} gated rows judged per pair\n` +
    `  smallest shift caught in ${100 * POWER}% of pairs: ${study.smallestDetected === null ? 'none up to ×1.5' : `+${((study.smallestDetected - 1) * 100).toFixed(0)}%`}\n` +
    `  per family (false-alarm pairs; smallest shift caught in ${100 * POWER}% of pairs):\n`,
);
for (const [family, shift] of Object.entries(study.smallestDetectedByFamily))
  process.stdout.write(
    `    ${family.padEnd(22)} ${String(study.falseAlarmsByFamily[family] ?? 0).padStart(3)} / ${study.pairs}   ${shift === null ? 'not within ×1.5' : `+${((shift - 1) * 100).toFixed(0)}%`}\n`,
  );
if (process.env.SCHEDCOST_BENCH_JSON) writeFileSync(process.env.SCHEDCOST_BENCH_JSON, JSON.stringify(study, null, 2));
