// The library API: `import { run } from 'schedcost'`.
export { run, type RunOptions, type ProgressEvent, DEFAULT_TRIALS, MAX_TRIALS } from './run.js';
export {
  catalogue,
  probeSpec,
  metricSpec,
  Probe,
  Metric,
  Param,
  type ProbeSpec,
  type MetricSpec,
  type ParamSpec,
} from './catalogue/index.js';
export { UsageError, ExitCode } from './errors.js';
export { schemaProblems, isResultsDocument } from './results/validate.js';
export { schemaPath } from './results/schemaFile.js';
export { summaryTable } from './report/summaryTable.js';
export * from './results/schema.js';
