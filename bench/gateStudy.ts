// The gate measured, not asserted: N quick runs of this build, back to back,
// each in its own process; every pair compared with the defaults (the
// false-alarm rate, overall and per gated family), then every pair with the
// second run's latencies shifted by a known factor (the power: the smallest
// shift the gate catches in 95% of pairs, overall and per family).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compareDocuments, defaultCompareOptions, type Comparison } from '../src/compare/compare.js';
import { scaleLatencies } from '../src/compare/scaleLatencies.js';
import { compareExitCode } from '../src/compare/verdictExit.js';
import type { ResultsDocument } from '../src/results/schema.js';

const CLI = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));
export const SHIFTS = [1.05, 1.1, 1.15, 1.25, 1.5];
/** "Reliably detected": in this share of pairs. */
export const POWER = 0.95;

export interface GateStudy {
  runs: number;
  pairs: number;
  runWallS: number[];
  /** Pairs of unchanged runs whose comparison exited 1 (or anything but 0). */
  falseAlarmPairs: number;
  exitCodes: Record<string, number>;
  /** Per family (the probe of a gated row): pairs in which it flagged at least one row. */
  falseAlarmsByFamily: Record<string, number>;
  /** Per shift: pairs that exited 1. */
  detectedPairs: Record<string, number>;
  /** Per family: the smallest shift caught in POWER of pairs (the family's rows flagged), or null. */
  smallestDetectedByFamily: Record<string, number | null>;
  smallestDetected: number | null;
  gatedRows: number;
  judgedRows: number;
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

const flagged = (c: Comparison) =>
  new Set(c.rows.filter((r) => r.gated && r.verdict === 'regressed').map((r) => familyOf(r.id)));

export function gateStudy(runs: number, onProgress: (line: string) => void = () => {}): GateStudy {
  const dir = mkdtempSync(join(tmpdir(), 'schedcost-gate-study-'));
  const docs: ResultsDocument[] = [];
  const runWallS: number[] = [];
  for (let i = 0; i < runs; i++) {
    const file = join(dir, `run-${i}.json`);
    runWallS.push(quickRun(file));
    docs.push(JSON.parse(readFileSync(file, 'utf8')) as ResultsDocument);
    onProgress(`  run ${i + 1}/${runs}: ${runWallS[i]!.toFixed(1)} s`);
  }
  const pairs: [number, number][] = [];
  for (let a = 0; a < runs; a++) for (let b = a + 1; b < runs; b++) pairs.push([a, b]);
  const exitCodes: Record<string, number> = {};
  const falseAlarmsByFamily: Record<string, number> = {};
  const families = new Set<string>();
  let falseAlarmPairs = 0,
    gatedRows = 0,
    judgedRows = 0;
  for (const [a, b] of pairs) {
    const c = compareDocuments(docs[a]!, docs[b]!, defaultCompareOptions);
    const code = compareExitCode([c], 'regression', false);
    exitCodes[code] = (exitCodes[code] ?? 0) + 1;
    if (code !== 0) falseAlarmPairs++;
    for (const f of flagged(c)) falseAlarmsByFamily[f] = (falseAlarmsByFamily[f] ?? 0) + 1;
    for (const r of c.rows.filter((row) => row.gated)) families.add(familyOf(r.id));
    gatedRows += c.rows.filter((r) => r.gated).length;
    judgedRows += c.rows.filter((r) => r.gated && r.verdict !== 'insufficient').length;
  }
  const detectedPairs: Record<string, number> = {};
  const familyDetections: Record<string, Record<string, number>> = {};
  for (const shift of SHIFTS) {
    let detected = 0;
    for (const [a, b] of pairs) {
      const c = compareDocuments(docs[a]!, scaleLatencies(docs[b]!, shift), defaultCompareOptions);
      if (compareExitCode([c], 'regression', false) === 1) detected++;
      for (const f of flagged(c)) (familyDetections[f] ??= {})[shift] = (familyDetections[f]?.[shift] ?? 0) + 1;
    }
    detectedPairs[shift] = detected;
    onProgress(`  shift ×${shift}: ${detected}/${pairs.length} pairs exit 1`);
  }
  const smallest = (count: (shift: number) => number) =>
    SHIFTS.find((shift) => count(shift) >= POWER * pairs.length) ?? null;
  return {
    runs,
    pairs: pairs.length,
    runWallS,
    falseAlarmPairs,
    exitCodes,
    falseAlarmsByFamily,
    detectedPairs,
    smallestDetected: smallest((s) => detectedPairs[s] ?? 0),
    smallestDetectedByFamily: Object.fromEntries(
      [...families].sort().map((f) => [f, smallest((s) => familyDetections[f]?.[s] ?? 0)]),
    ),
    gatedRows: gatedRows / pairs.length,
    judgedRows: judgedRows / pairs.length,
  };
}

/** The study in a few lines: false alarms, the smallest shift caught, per family. */
export function gateStudyText(study: GateStudy): string {
  const pct = (n: number, of: number) => `${((100 * n) / of).toFixed(1)}%`;
  const shift = (s: number | null) => (s === null ? 'not within ×1.5' : `+${((s - 1) * 100).toFixed(0)}%`);
  const lines = [
    `  false alarms: ${study.falseAlarmPairs}/${study.pairs} pairs (${pct(study.falseAlarmPairs, study.pairs)}); exit codes ${JSON.stringify(study.exitCodes)}; ${study.judgedRows.toFixed(0)} of ${study.gatedRows.toFixed(0)} gated rows judged per pair`,
    `  smallest shift caught in ${100 * POWER}% of pairs: ${shift(study.smallestDetected)}`,
    `  per family: false-alarm pairs, smallest shift caught in ${100 * POWER}% of pairs`,
    ...Object.entries(study.smallestDetectedByFamily).map(
      ([family, s]) =>
        `    ${family.padEnd(22)} ${String(study.falseAlarmsByFamily[family] ?? 0).padStart(3)} / ${study.pairs}   ${shift(s)}`,
    ),
  ];
  return lines.join('\n');
}
