// Verdicts on the proposal's claims, each from the numbers of this run: one
// judge per claim, in a table. Each applies its rule (src/catalogue/claims.ts)
// to an effect with its interval over trials or Go's rounds: confirmed,
// qualified (the direction holds, the claimed magnitude does not), refuted,
// inconclusive (including: not measured, which the summary says), or
// not-judged (the evidence is an emulation built the way the claim says).
// Claims about Go's runtime read the real runtime when the run measured it.
import { defaultSet, Param, Probe, probeSpec } from '../../catalogue/index.js';
import type { Claim, ResultsDocument, StrategyPrediction } from '../../results/schema.js';
import { goFinder, goMeasured, runtimeAbsence } from './runtime.js';
import { judgeDedicatedStaysHome } from './dedicatedStaysHome.js';
import { finder, futexWakeFinder, type ClaimEvidence } from './evidence.js';
import { judgeHoldConcurrency } from './holdConcurrency.js';
import { judgeLockedExtraWake } from './lockedExtraWake.js';
import { judgeSignalPreemption } from './signalPreemption.js';
import { judgeSyscallEntry } from './syscallEntry.js';
import { judgeSysmonRetake } from './sysmonRetake.js';
import { judgeUnlockedMigrates } from './unlockedMigrates.js';
import { unlockedSlices, type UnlockedSlice } from './unlockedSlices.js';
import { judgeUnlockedStolen } from './unlockedStolen.js';

export { pairedDifference } from './evidence.js';

interface Evidence extends ClaimEvidence {
  slices: UnlockedSlice[];
}

const JUDGES: { id: number; judge: (e: Evidence) => Claim }[] = [
  { id: 1, judge: (e) => judgeLockedExtraWake(e) },
  { id: 2, judge: (e) => judgeDedicatedStaysHome(e.find) },
  { id: 3, judge: (e) => judgeUnlockedMigrates(e, e.slices) },
  { id: 4, judge: (e) => judgeUnlockedStolen(e, e.slices) },
  { id: 5, judge: (e) => judgeSyscallEntry(e) },
  { id: 6, judge: (e) => judgeSysmonRetake(e.find, e.goFind) },
  { id: 7, judge: (e) => judgeHoldConcurrency(e) },
  { id: 8, judge: (e) => judgeSignalPreemption(e.find) },
];

/** The idle gap (midpoint) before the wakes the claims compare: the Go program's, else the wake strategies' default. */
function comparedGapNs(doc: ResultsDocument): number {
  const gap = (params: Record<string, unknown> | undefined) =>
    ((params?.[Param.gapMinNs] as number) + (params?.[Param.gapMaxNs] as number)) / 2;
  const go = gap(doc.go?.params);
  return Number.isFinite(go) ? go : gap(defaultSet(probeSpec(Probe.wakeDedicated)!));
}

/** Every claim's verdict; `predictions` are the model's for the same document (claim 7 reads its bound). */
export function judgeClaims(doc: ResultsDocument, predictions: StrategyPrediction[] = []): Claim[] {
  const measured = goMeasured(doc.go);
  const evidence: Evidence = {
    find: finder(doc),
    futexWake: futexWakeFinder(doc, comparedGapNs(doc)),
    goMeasured: measured,
    goFind: goFinder(measured),
    runtimeAbsent: runtimeAbsence(doc.go),
    fullGomaxprocs: Math.max(1, doc.go?.cpus?.length ?? 1),
    slices: unlockedSlices(doc),
    predictions,
  };
  const claims = JUDGES.map(({ judge }) => judge(evidence));
  // JSON has no NaN: a figure that could not be computed is left out.
  for (const claim of claims)
    claim.evidence = Object.fromEntries(
      Object.entries(claim.evidence).filter(([, v]) => typeof v === 'string' || Number.isFinite(v)),
    );
  return claims;
}
