// Verdicts on the proposal's claims, each from the numbers of this run: one
// judge per claim, in a table. A claim that one path costs more than another
// is confirmed when the trial-paired difference is above zero with its whole
// confidence interval, refuted when the interval lies at or below zero, and
// inconclusive otherwise (or when something was not measured, which the
// summary says).
import type { Claim, ResultsDocument } from '../../results/schema.js';
import { judgeDedicatedStaysHome } from './dedicatedStaysHome.js';
import { finder, type Find } from './evidence.js';
import { judgeHoldConcurrency } from './holdConcurrency.js';
import { judgeLockedExtraWake } from './lockedExtraWake.js';
import { judgeSignalPreemption } from './signalPreemption.js';
import { judgeSyscallEntry } from './syscallEntry.js';
import { judgeSysmonRetake } from './sysmonRetake.js';
import { judgeUnlockedMigrates } from './unlockedMigrates.js';
import { unlockedSlices, type UnlockedSlice } from './unlockedSlices.js';
import { judgeUnlockedStolen } from './unlockedStolen.js';

export { pairedDifference } from './evidence.js';

interface Evidence {
  doc: ResultsDocument;
  find: Find;
  slices: UnlockedSlice[];
}

const JUDGES: { id: number; judge: (e: Evidence) => Claim }[] = [
  { id: 1, judge: (e) => judgeLockedExtraWake(e.find) },
  { id: 2, judge: (e) => judgeDedicatedStaysHome(e.find, e.doc) },
  { id: 3, judge: (e) => judgeUnlockedMigrates(e.slices) },
  { id: 4, judge: (e) => judgeUnlockedStolen(e.slices, e.find) },
  { id: 5, judge: (e) => judgeSyscallEntry(e.find) },
  { id: 6, judge: (e) => judgeSysmonRetake(e.find, e.doc) },
  { id: 7, judge: (e) => judgeHoldConcurrency(e.find) },
  { id: 8, judge: (e) => judgeSignalPreemption(e.find) },
];

export function judgeClaims(doc: ResultsDocument): Claim[] {
  const evidence: Evidence = { doc, find: finder(doc), slices: unlockedSlices(doc) };
  const claims = JUDGES.map(({ judge }) => judge(evidence));
  // JSON has no NaN: a figure that could not be computed is left out.
  for (const claim of claims)
    claim.evidence = Object.fromEntries(
      Object.entries(claim.evidence).filter(([, v]) => typeof v === 'string' || Number.isFinite(v)),
    );
  return claims;
}
