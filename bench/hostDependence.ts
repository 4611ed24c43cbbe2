// Checks the catalogue's `movesWith` against the runs a study made: for each
// row the gate would gate by its role, the spread of the runs' means against
// what the spread of trials within a run predicts for them (σ_within/√n). A
// row the host moves between runs shows a ratio well above 1; one it does
// not, about 1. Rows judged against the wake level are checked on their
// values relative to it; rows that take it as a covariate are checked on
// their raw values (the check fits no slope), so they show as moving when
// the level does. Declared and measured disagree when a row declared to move
// with host state moves less than a steady one may, or the reverse.
import { compareDocuments } from '../src/compare/compare.js';
import { sideInputs } from '../src/compare/gateInputs.js';
import type { ResultsDocument } from '../src/results/schema.js';
import { madScale } from '../src/stats/robustScale.js';
import { median } from '../src/stats/sampleSummary.js';
import { standardDeviation } from '../src/stats/spread.js';

/** Above this ratio a row moves between runs by more than its trials predict... */
const MOVES_BETWEEN_RUNS = 3;
/** ...and by enough to matter beside the gate's threshold (σ of the runs' means, percent). */
const MOVES_PCT = 3;

const moves = (r: HostDependenceRow) => r.ratio >= MOVES_BETWEEN_RUNS && r.betweenRunsPct >= MOVES_PCT;

export interface HostDependenceRow {
  id: string;
  declared: 'hostState' | 'wakeLevel' | 'steady';
  /** σ of the runs' mean log values over the σ within a run divided by √trials. */
  ratio: number;
  /** σ of the runs' mean log values, as a percentage. */
  betweenRunsPct: number;
}

export function hostDependenceCheck(docs: ResultsDocument[]): {
  rows: HostDependenceRow[];
  disagreeing: HostDependenceRow[];
} {
  const options = { statistic: 'p50' as const, includeDisturbed: false };
  const inputs = docs.map((d) => sideInputs(d, options));
  const first = compareDocuments(docs[0]!, docs[1]!);
  const rows = first.rows
    .filter((r) => r.gated || r.ungatedBy === 'hostState')
    .flatMap((r): HostDependenceRow[] => {
      const sides = inputs.map((m) => m.get(r.id));
      const declared = sides[0]?.movesWith ?? 'steady';
      const logs = sides.map((s) => {
        if (!s || s.values.length < 3 || s.values.some((v) => !(v > 0))) return undefined;
        const values = r.relativeTo && s.levelsNs ? s.values.map((v, i) => v / s.levelsNs![i]!) : s.values;
        return values.map(Math.log);
      });
      if (logs.some((l) => l === undefined)) return [];
      const runs = logs as number[][];
      const within = median(runs.map((l) => madScale(l)));
      const between = standardDeviation(runs.map((l) => l.reduce((a, b) => a + b, 0) / l.length));
      const trials = median(runs.map((l) => l.length));
      const ratio = within > 0 ? between / (within / Math.sqrt(trials)) : Number.POSITIVE_INFINITY;
      return [{ id: r.id, declared, ratio, betweenRunsPct: Math.expm1(between) * 100 }];
    });
  const disagreeing = rows.filter((r) => (r.declared === 'hostState' ? !moves(r) : moves(r)));
  return { rows, disagreeing };
}
