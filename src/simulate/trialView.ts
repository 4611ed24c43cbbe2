// One trial round of a results document: every metric reduced to its k-th
// trial. Trials of all probes interleave by round, so the primitives and
// the strategies of one round were measured under the same host load (on a
// VM, its cross-CPU wakes settle at one of several levels per round).
import type { ResultsDocument } from '../results/schema.js';

/** The document as round k measured it; undefined when no metric has that trial. */
export function trialView(doc: ResultsDocument, k: number): ResultsDocument | undefined {
  let found = false;
  const probes = doc.probes.map((p) => ({
    ...p,
    metrics: p.metrics.flatMap((m) => {
      const trial = m.trials[k];
      if (!trial) return [];
      found = true;
      const p50 = trial.statsNs?.p50;
      return [
        {
          ...m,
          trials: [trial],
          ...(m.summary && p50 !== undefined
            ? { summary: { ...m.summary, valueNs: p50, trialP50sNs: [p50], spreadNs: [p50, p50] as [number, number] } }
            : {}),
        },
      ];
    }),
  }));
  return found ? { ...doc, probes } : undefined;
}

/** How many trial rounds the document holds (the most any metric has). */
export function trialCount(doc: ResultsDocument): number {
  return Math.max(0, ...doc.probes.flatMap((p) => p.metrics.map((m) => m.trials.length)));
}
