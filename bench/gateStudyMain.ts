// `node dist/bench/gateStudyMain.js [RUNS | --from DIR]`: the gate's A/A and
// power study alone (npm run bench runs it too), on RUNS new quick runs or on
// the results files kept in DIR (oldest first by name); JSON to
// $SCHEDCOST_BENCH_JSON when set.
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readResults } from '../src/results/readResults.js';
import { analyzeGate, gateStudy, gateStudyText } from './gateStudy.js';

const progress = (line: string) => process.stdout.write(`${line}\n`);
const from = process.argv.indexOf('--from');
let study;
if (from > 0) {
  const dir = process.argv[from + 1]!;
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
  process.stdout.write(`# The gate: A/A false alarms and power over ${files.length} kept runs in ${dir}\n`);
  study = analyzeGate(
    files.map((f) => readResults(join(dir, f))),
    [],
    progress,
  );
} else {
  const runs = Number(process.argv[2] ?? process.env.SCHEDCOST_GATE_RUNS ?? 10);
  process.stdout.write(`# The gate: A/A false alarms and power over ${runs} quick runs\n`);
  study = gateStudy(runs, progress);
}
process.stdout.write(`${gateStudyText(study)}\n`);
if (process.env.SCHEDCOST_BENCH_JSON) writeFileSync(process.env.SCHEDCOST_BENCH_JSON, JSON.stringify(study, null, 2));
