// The library API: `import { run, compareDocuments, renderHtmlReport } from 'schedcost'`.
// Measuring loads the native addon; everything else here works without it.
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
export { ResultsDocumentSchema } from './documentSchema.js';
export { readResults, parseResults, MAX_RESULTS_BYTES } from './results/readResults.js';
export {
  compareDocuments,
  compareRuns,
  defaultCompareOptions,
  type CompareOptions,
  type Comparison,
  type ComparedMetric,
  type NamedComparison,
  type Verdict,
  type Effect as ComparisonEffect,
  type Threshold,
  type ThresholdSource,
  type GateSummary,
  type RowRole,
} from './compare/compare.js';
export { compareExitCode, type FailOn } from './compare/verdictExit.js';
export { scaleLatencies } from './compare/scaleLatencies.js';
export { renderComparisons, type CompareFormat } from './report/comparisonText.js';
export { renderHtmlReport, type NamedDocument } from './report/htmlReport.js';
export { headlines, type Headline } from './export/headlines.js';
export { renderExport, EXPORT_FORMATS, type ExportFormat } from './export/formats.js';
export { runDoctor, doctorInputFor, type DoctorInput } from './doctor/doctor.js';
export { modelOf } from './model/index.js';
export { judgeClaims } from './model/claims/index.js';
export { CLAIMS, type ClaimSpec } from './catalogue/index.js';
