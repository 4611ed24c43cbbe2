// `node dist/bench/gateStudyMain.js [RUNS]`: the gate's A/A and power study alone
// (npm run bench runs it too); JSON to $SCHEDCOST_BENCH_JSON when set.
import { writeFileSync } from 'node:fs';
import { gateStudy, gateStudyText } from './gateStudy.js';

const runs = Number(process.argv[2] ?? process.env.SCHEDCOST_GATE_RUNS ?? 10);
process.stdout.write(`# The gate: A/A false alarms and power over ${runs} quick runs\n`);
const study = gateStudy(runs, (line) => process.stdout.write(`${line}\n`));
process.stdout.write(`${gateStudyText(study)}\n`);
if (process.env.SCHEDCOST_BENCH_JSON) writeFileSync(process.env.SCHEDCOST_BENCH_JSON, JSON.stringify(study, null, 2));
