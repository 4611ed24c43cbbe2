// The real Go runtime beside the emulation (`schedcost go`, and `run` by default).
export { runGo } from './runGo.js';
export { withCounterparts } from './counterparts.js';
export { parseProgramOutput } from './programOutput.js';
export { toGoResults } from './results.js';
export { GoResultsSchema, type GoResults } from './goResultsSchema.js';
export { findGo } from './toolchain.js';
