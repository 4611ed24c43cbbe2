// The gate measured, not asserted: N quick runs of this build, back to back,
// each in its own process, then every pair (older as the baseline) compared
// with the defaults:
// - A/A: the pair as measured (false alarms, overall and per gated family),
//   with the ratio of the two runs' cross-CPU wake regime calibrations;
// - uniform shifts: the newer run with every latency scaled;
// - lone shifts: one metric of the newer run scaled (each named row, and one
//   row of every gated family), counted only when the gate fails *naming it*;
// - a new slow regime: three of that metric's five trials scaled;
// - a slower cross-CPU wake path: the wakes that follow the host's wake
//   level scaled together with the levels measured before them;
// - history: three consecutive baselines against the next run (A/A, lone
//   shifts of the named rows and of one row per family that moves with host
//   state, which only a history gates).
// The study reads run files (`analyzeGate`) so it can be redone on kept runs.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compareRuns, defaultCompareOptions, type Comparison } from '../src/compare/compare.js';
import { scaleLatencies, scaleMetrics, scaleWakePath } from '../src/compare/scaleLatencies.js';
import { compareExitCode } from '../src/compare/verdictExit.js';
import type { ResultsDocument } from '../src/results/schema.js';
import { median } from '../src/stats/sampleSummary.js';
import { hostDependenceCheck, type HostDependenceRow } from './hostDependence.js';

const CLI = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));
const SHIFTS = [1.05, 1.1, 1.15, 1.25, 1.5];
const LONE_SHIFTS = [1.25, 1.5, 2, 3];
const WAKE_PATH_SHIFTS = [1.5, 2, 3];
/** "Reliably detected": in this share of pairs. */
const POWER = 0.95;
/** The rows a lone ×1.5 must be caught on (issue 19's table): id prefixes. */
const NAMED_ROWS = [
  'syscall/getppid@',
  'futex-wake/wakeLatency@cross-cpu',
  'tgkill/deliveryToSpinning@cross-cpu',
  'pipe/roundTrip@cross-cpu',
  'sleep/actualSleep@single-cpu{requestedNs=1000000,timerSlackNs=50000}',
];
const HISTORY = 3;

/** Pairs caught out of pairs tried, per factor. */
type Caught = Record<string, number>;

interface LoneShiftRow {
  id: string;
  family: string;
  named: boolean;
  caught: Caught;
  /** Three of five trials scaled: pairs caught, per factor. */
  regimeCaught: Caught;
  smallestCaught: number | null;
}

export interface GateStudy {
  runs: number;
  pairs: number;
  runWallS: number[];
  /** Pairs of unchanged runs whose comparison exited 1 (or anything but 0). */
  falseAlarmPairs: number;
  exitCodes: Record<string, number>;
  /** Per family (the probe of a gated row): pairs in which it flagged at least one row. */
  falseAlarmsByFamily: Record<string, number>;
  /** Per pair: the newer run's median regime calibration over the older's, and its exit code. */
  regimeRatios: { pair: [number, number]; ratio: number | null; exit: number }[];
  /** Per uniform shift: pairs that exited 1. */
  detectedPairs: Record<string, number>;
  /** Per slower cross-CPU wake path: pairs that exited 1. */
  wakePathPairs: Record<string, number>;
  /** The largest move of the cross-CPU wake level (run medians) between two runs, as a ratio ≥ 1. */
  largestLevelMove: number | null;
  smallestDetected: number | null;
  lone: LoneShiftRow[];
  history: {
    comparisons: number;
    falseAlarms: number;
    /** Named rows and one row per family that moves with host state: windows caught at ×1.5 and ×2. */
    loneCaught: Record<string, { '1.5': number; '2': number }>;
    /** Gated rows judged per window (one baseline: `judgedRows`). */
    judgedRows: number;
  } | null;
  gatedRows: number;
  judgedRows: number;
  /** A/A: judged gated rows whose threshold the baseline's two regimes set (the bimodality rule), per pair. */
  regimeGapRows: number;
  /** The catalogue's `movesWith` against these runs: rows checked, and those where they disagree. */
  hostDependence: { rows: number; disagreeing: HostDependenceRow[] };
}

function familyOf(id: string): string {
  return id.slice(0, id.indexOf('@')).split('/').slice(0, -1).join('/');
}

function quickRun(file: string): number {
  const started = performance.now();
  const r = spawnSync(process.execPath, [CLI, 'run', '--json', file, '--quiet', '--force'], {
    encoding: 'utf8',
    timeout: 600_000,
  });
  if (r.status !== 0) throw new Error(`quick run failed (${r.status}): ${r.stderr}`);
  return (performance.now() - started) / 1000;
}

/** N quick runs of this build, back to back, each in its own process. */
function quickRuns(
  runs: number,
  onProgress: (line: string) => void = () => {},
): {
  docs: ResultsDocument[];
  runWallS: number[];
} {
  const dir = mkdtempSync(join(tmpdir(), 'schedcost-gate-study-'));
  const docs: ResultsDocument[] = [];
  const runWallS: number[] = [];
  for (let i = 0; i < runs; i++) {
    const file = join(dir, `run-${i}.json`);
    runWallS.push(quickRun(file));
    docs.push(JSON.parse(readFileSync(file, 'utf8')) as ResultsDocument);
    onProgress(`  run ${i + 1}/${runs}: ${runWallS[i]!.toFixed(1)} s (${file})`);
  }
  return { docs, runWallS };
}

const exitOf = (c: Comparison) => compareExitCode([c], 'regression', false);
const regressed = (c: Comparison) => c.rows.filter((r) => r.gated && r.verdict === 'regressed');
const flaggedFamilies = (c: Comparison) => new Set(regressed(c).map((r) => familyOf(r.id)));
/** The gate failed and named this row. */
const caughtRow = (c: Comparison, id: string) => exitOf(c) === 1 && regressed(c).some((r) => r.id === id);

function calibration(doc: ResultsDocument): number | null {
  const values = (doc.rounds ?? []).flatMap((r) => (r.crossWakeP50Ns !== undefined ? [r.crossWakeP50Ns] : []));
  return values.length ? median(values) : null;
}

/** The rows the lone shifts scale: each named row, and the first gated row of every other family. */
function loneTargets(c: Comparison): { id: string; named: boolean }[] {
  const gated = c.rows.filter((r) => r.gated && r.kind === 'metric' && r.verdict !== 'insufficient');
  const named = NAMED_ROWS.flatMap((prefix) => gated.filter((r) => r.id.startsWith(prefix)).slice(0, 1));
  const families = new Set(named.map((r) => familyOf(r.id)));
  const others = gated.filter((r) => {
    const f = familyOf(r.id);
    if (families.has(f)) return false;
    families.add(f);
    return true;
  });
  return [...named.map((r) => ({ id: r.id, named: true })), ...others.map((r) => ({ id: r.id, named: false }))];
}

/** One row of every family that one baseline does not gate because it moves with host state. */
function hostStateTargets(oneBaseline: Comparison): string[] {
  const families = new Set<string>();
  return oneBaseline.rows
    .filter((r) => r.ungatedBy === 'hostState' && r.kind === 'metric' && r.verdict !== 'insufficient')
    .flatMap((r) => (families.has(familyOf(r.id)) ? [] : (families.add(familyOf(r.id)), [r.id])));
}

/** The comparisons of a study, on runs already made. */
export function analyzeGate(
  docs: ResultsDocument[],
  runWallS: number[] = [],
  onProgress: (line: string) => void = () => {},
): GateStudy {
  if (docs.length < 2) throw new RangeError(`the study compares pairs of runs: ${docs.length} given`);
  const pairs: [number, number][] = [];
  for (let a = 0; a < docs.length; a++) for (let b = a + 1; b < docs.length; b++) pairs.push([a, b]);
  const compare = (a: ResultsDocument, b: ResultsDocument) => compareRuns([a], b, defaultCompareOptions);
  const exitCodes: Record<string, number> = {};
  const falseAlarmsByFamily: Record<string, number> = {};
  const regimeRatios: GateStudy['regimeRatios'] = [];
  let falseAlarmPairs = 0,
    gatedRows = 0,
    judgedRows = 0,
    regimeGapRows = 0;
  for (const [a, b] of pairs) {
    const c = compare(docs[a]!, docs[b]!);
    const code = exitOf(c);
    exitCodes[code] = (exitCodes[code] ?? 0) + 1;
    if (code !== 0) falseAlarmPairs++;
    for (const f of flaggedFamilies(c)) falseAlarmsByFamily[f] = (falseAlarmsByFamily[f] ?? 0) + 1;
    const [ca, cb] = [calibration(docs[a]!), calibration(docs[b]!)];
    regimeRatios.push({ pair: [a, b], ratio: ca && cb ? cb / ca : null, exit: code });
    gatedRows += c.rows.filter((r) => r.gated).length;
    judgedRows += c.rows.filter((r) => r.gated && r.verdict !== 'insufficient').length;
    regimeGapRows += c.rows.filter((r) => r.gated && r.threshold?.setBy === 'regime gap').length;
  }
  onProgress(`  A/A: ${falseAlarmPairs}/${pairs.length} pairs fail`);
  const detectedPairs: Record<string, number> = {};
  for (const shift of SHIFTS) {
    detectedPairs[shift] = pairs.filter(
      ([a, b]) => exitOf(compare(docs[a]!, scaleLatencies(docs[b]!, shift))) === 1,
    ).length;
    onProgress(`  every latency ×${shift}: ${detectedPairs[shift]}/${pairs.length} pairs exit 1`);
  }
  const wakePathPairs: Record<string, number> = {};
  for (const shift of WAKE_PATH_SHIFTS) {
    wakePathPairs[shift] = pairs.filter(
      ([a, b]) => exitOf(compare(docs[a]!, scaleWakePath(docs[b]!, shift))) === 1,
    ).length;
    onProgress(`  cross-CPU wake path ×${shift}: ${wakePathPairs[shift]}/${pairs.length} pairs exit 1`);
  }
  const levelMoves = regimeRatios.flatMap((r) => (r.ratio ? [Math.max(r.ratio, 1 / r.ratio)] : []));
  const smallest = (count: (shift: number) => number, shifts: number[]) =>
    shifts.find((shift) => count(shift) >= POWER * pairs.length) ?? null;
  const lone = loneTargets(compare(docs[0]!, docs[1]!)).map(({ id, named }): LoneShiftRow => {
    const caught: Caught = {},
      regimeCaught: Caught = {};
    const ids = new Set([id]);
    for (const factor of LONE_SHIFTS) {
      caught[factor] = pairs.filter(([a, b]) =>
        caughtRow(compare(docs[a]!, scaleMetrics(docs[b]!, factor, { metricIds: ids })), id),
      ).length;
      regimeCaught[factor] = pairs.filter(([a, b]) =>
        caughtRow(compare(docs[a]!, scaleMetrics(docs[b]!, factor, { metricIds: ids, trial: (i) => i >= 2 })), id),
      ).length;
    }
    onProgress(`  lone ${id}: ${JSON.stringify(caught)}; new regime in 3 trials: ${JSON.stringify(regimeCaught)}`);
    return {
      id,
      family: familyOf(id),
      named,
      caught,
      regimeCaught,
      smallestCaught: smallest((s) => caught[s] ?? 0, LONE_SHIFTS),
    };
  });
  let history: GateStudy['history'] = null;
  if (docs.length > HISTORY) {
    const windows = docs.slice(HISTORY).map((next, i) => ({ bases: docs.slice(i, i + HISTORY), next }));
    const historyOf = ({ bases, next }: (typeof windows)[number]) => compareRuns(bases, next, defaultCompareOptions);
    const targets = [...lone.filter((l) => l.named).map((l) => l.id), ...hostStateTargets(compare(docs[0]!, docs[1]!))];
    const loneCaught: Record<string, { '1.5': number; '2': number }> = {};
    for (const id of targets) {
      const ids = new Set([id]);
      const caughtAt = (factor: number) =>
        windows.filter(({ bases, next }) =>
          caughtRow(compareRuns(bases, scaleMetrics(next, factor, { metricIds: ids }), defaultCompareOptions), id),
        ).length;
      loneCaught[id] = { '1.5': caughtAt(1.5), '2': caughtAt(2) };
    }
    const comparisons = windows.map(historyOf);
    history = {
      comparisons: windows.length,
      falseAlarms: comparisons.filter((c) => exitOf(c) !== 0).length,
      loneCaught,
      judgedRows:
        comparisons.reduce((s, c) => s + c.rows.filter((r) => r.gated && r.verdict !== 'insufficient').length, 0) /
        windows.length,
    };
  }
  return {
    runs: docs.length,
    pairs: pairs.length,
    runWallS,
    falseAlarmPairs,
    exitCodes,
    falseAlarmsByFamily,
    regimeRatios,
    detectedPairs,
    smallestDetected: smallest((s) => detectedPairs[s] ?? 0, SHIFTS),
    wakePathPairs,
    largestLevelMove: levelMoves.length ? Math.max(...levelMoves) : null,
    lone,
    history,
    gatedRows: gatedRows / pairs.length,
    judgedRows: judgedRows / pairs.length,
    regimeGapRows: regimeGapRows / pairs.length,
    hostDependence: (({ rows, disagreeing }) => ({ rows: rows.length, disagreeing }))(hostDependenceCheck(docs)),
  };
}

export function gateStudy(runs: number, onProgress: (line: string) => void = () => {}): GateStudy {
  const { docs, runWallS } = quickRuns(runs, onProgress);
  return analyzeGate(docs, runWallS, onProgress);
}

/** The study in a few lines: false alarms, uniform and lone shifts caught, history. */
export function gateStudyText(study: GateStudy): string {
  const pct = (n: number, of: number) => `${((100 * n) / of).toFixed(1)}%`;
  const factor = (s: number | null) => (s === null ? `not within ×${LONE_SHIFTS.at(-1)}` : `×${s}`);
  const moved = study.regimeRatios.filter((r) => r.ratio !== null && Math.abs(Math.log(r.ratio)) > Math.log(1.1));
  const lines = [
    `  false alarms (A/A): ${study.falseAlarmPairs}/${study.pairs} pairs (${pct(study.falseAlarmPairs, study.pairs)}); exit codes ${JSON.stringify(study.exitCodes)}; ${study.judgedRows.toFixed(0)} of ${study.gatedRows.toFixed(0)} gated rows judged per pair, ${study.regimeGapRows.toFixed(1)} of them with a threshold set by two regimes in the baseline`,
    `  pairs whose cross-CPU wake regime moved by more than 10%: ${moved.length}/${study.pairs} (${moved.filter((r) => r.exit !== 0).length} of them failed A/A)`,
    `  every latency scaled, smallest shift caught in ${100 * POWER}% of pairs: ${study.smallestDetected === null ? 'not within ×1.5' : `×${study.smallestDetected}`} (${SHIFTS.map((s) => `×${s} ${study.detectedPairs[s]}`).join(', ')})`,
    `  a slower cross-CPU wake path (the wakes that follow the level and the level itself), pairs exiting 1: ${WAKE_PATH_SHIFTS.map((s) => `×${s} ${study.wakePathPairs[s]}`).join(', ')}; the level moved by up to ×${study.largestLevelMove?.toFixed(2) ?? '?'} between unchanged runs`,
    `  one metric scaled (pairs failing and naming it, of ${study.pairs}); a new slow regime in 3 of 5 trials:`,
    ...study.lone.map(
      (l) =>
        `    ${(l.named ? '* ' : '  ') + l.id.slice(0, 58).padEnd(60)} ${LONE_SHIFTS.map((s) => `×${s} ${String(l.caught[s]).padStart(2)}`).join('  ')}   smallest ${factor(l.smallestCaught).padEnd(16)} regime ${LONE_SHIFTS.map((s) => `×${s} ${l.regimeCaught[s]}`).join(' ')}`,
    ),
    `  per family, A/A pairs in which it flagged a row: ${
      Object.entries(study.falseAlarmsByFamily)
        .map(([f, n]) => `${f} ${n}`)
        .join(', ') || 'none'
    }`,
  ];
  const { hostDependence } = study;
  lines.push(
    `  the catalogue's movesWith against these runs (σ of run means ÷ σ within/√n ≥ 3 and ≥ 3%: moves with the host): ${hostDependence.disagreeing.length} of ${hostDependence.rows} gated rows disagree`,
    ...hostDependence.disagreeing.map(
      (r) =>
        `    declared ${r.declared.padEnd(9)} ratio ${r.ratio.toFixed(1).padStart(5)}  runs' σ ${r.betweenRunsPct.toFixed(1).padStart(5)}%  ${r.id.slice(0, 60)}`,
    ),
  );
  if (study.history)
    lines.push(
      `  history (${HISTORY} baselines against the next run, ${study.history.comparisons} windows): A/A ${study.history.falseAlarms} fail; ${study.history.judgedRows.toFixed(0)} gated rows judged per window; lone shifts caught (×1.5, ×2):`,
      ...Object.entries(study.history.loneCaught).map(
        ([id, n]) => `    ${id.slice(0, 58).padEnd(60)} ×1.5 ${n['1.5']}  ×2 ${n['2']}`,
      ),
    );
  return lines.join('\n');
}
