// Only the fidelity part of `npm run bench`: node dist/bench/fidelityMain.js
// (SCHEDCOST_BENCH_ROUNDS, SCHEDCOST_BENCH_SCALE and SCHEDCOST_BENCH_JSON apply).
import { benchRounds, benchScale, writeBenchJson } from './env.js';
import { printFidelity } from './fidelitySection.js';

const report = await printFidelity(benchRounds(), benchScale());
const written = writeBenchJson({ fidelity: report });
if (written) process.stdout.write(`\n(rows written to ${written})\n`);
