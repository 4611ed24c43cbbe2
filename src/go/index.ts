// The real Go runtime beside the emulation (`schedcost go`, `run --with-go`).
export { runGo, programPlan, defaultGoCpus, DEFAULT_ROUNDS, type GoRunOptions } from './runGo.js';
export { withCounterparts } from './counterparts.js';
export { parseProgramOutput, type ProgramOutput } from './programOutput.js';
export { toGoResults, goSkipped, goFailed, type Toolchain } from './results.js';
export { GoResultsSchema, type GoResults, type GoMeasurement, type GoCounterpart } from './schema.js';
export { findGo, GO_ENV_VAR } from './toolchain.js';
