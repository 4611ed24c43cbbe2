// Options shared by `compare`, `run --baseline` and `ab`.
import type { Command } from 'commander';
import { Option } from 'commander';
import { defaultCompareOptions, type CompareOptions, type GateSet, type GateStatistic } from '../compare/compare.js';
import type { FailOn } from '../compare/verdictExit.js';
import { UsageError } from '../errors.js';
import type { CompareFormat } from '../report/comparisonText.js';
import type { Correction } from '../stats/multipleTesting.js';
import { parsePositiveNumber } from './parseCpuOption.js';

/** How two results are judged: `compare`, `run --baseline`, `ab` and `report` take these. */
export interface JudgeCliOptions {
  alpha: number;
  threshold: number;
  metricThreshold: { pattern: string; thresholdPct: number }[];
  metric: GateStatistic;
  gate?: GateSet;
  correction?: Correction;
  includeDisturbed?: boolean;
  /** Set by `ab`, not a flag: both sides were measured interleaved, round by round. */
  interleaved?: boolean;
}

export interface CompareCliOptions extends JudgeCliOptions {
  failOn: FailOn;
  format: CompareFormat;
  strictHost?: boolean;
}

function parseMetricThreshold(text: string, previous: CompareCliOptions['metricThreshold']) {
  const match = /^([^=]+)=([\d.]+)$/.exec(text);
  const pct = Number(match?.[2]);
  if (!match || !Number.isFinite(pct) || pct < 0 || pct > 1000)
    throw new UsageError(`--metric-threshold takes PATTERN=PERCENT (e.g. 'migration/*=10'), got '${text}'`);
  return [...previous, { pattern: match[1]!, thresholdPct: pct }];
}

function parseAlpha(text: string): number {
  const alpha = Number(text);
  if (!(alpha > 0 && alpha < 1)) throw new UsageError(`--alpha must lie in (0, 1), got '${text}'`);
  return alpha;
}

export function addJudgeOptions(command: Command): Command {
  return command
    .option(
      '--alpha <p>',
      "error rate within each probe's gated rows, per direction (false discovery rate with --correction bh); intervals are 1 − alpha",
      parseAlpha,
      defaultCompareOptions.alpha,
    )
    .option(
      '--threshold <percent>',
      "smallest change that counts; a metric's own run-to-run noise can raise it, never lower it",
      parsePositiveNumber('--threshold', 1000),
      defaultCompareOptions.thresholdPct,
    )
    .option(
      '--metric-threshold <pattern=percent>',
      "threshold for metric ids matching a pattern ('*' wildcard; never below the metric's noise); repeatable",
      parseMetricThreshold,
      [],
    )
    .addOption(
      new Option('--metric <statistic>', 'per-trial statistic to gate on')
        .choices(['p50', 'p90', 'p99', 'p999', 'mean', 'max'])
        .default('p50'),
    )
    .addOption(
      new Option('--gate <set>', 'metrics that can fail the comparison: headline (and derived) ones, or all')
        .choices(['headline', 'all'])
        .default(defaultCompareOptions.gate),
    )
    .addOption(
      new Option(
        '--correction <method>',
        "error control within each probe's gated rows: Benjamini–Hochberg, Holm, none",
      )
        .choices(['bh', 'holm', 'none'])
        .default(defaultCompareOptions.correction),
    )
    .option('--include-disturbed', 'count trials marked disturbed (left out by default)');
}

export function addCompareOptions(command: Command): Command {
  return addJudgeOptions(command)
    .addOption(
      new Option('--fail-on <what>', 'exit 1 on').choices(['regression', 'change', 'never']).default('regression'),
    )
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'markdown', 'json']).default('text'))
    .option('--strict-host', 'refuse (exit 3) to compare results from different hosts');
}

export function compareOptionsOf(cli: JudgeCliOptions): CompareOptions {
  return {
    alpha: cli.alpha,
    thresholdPct: cli.threshold,
    metricThresholds: cli.metricThreshold,
    statistic: cli.metric,
    gate: cli.gate ?? defaultCompareOptions.gate,
    correction: cli.correction ?? defaultCompareOptions.correction,
    includeDisturbed: cli.includeDisturbed ?? false,
    noiseMultiple: defaultCompareOptions.noiseMultiple,
    interleaved: cli.interleaved ?? false,
  };
}
