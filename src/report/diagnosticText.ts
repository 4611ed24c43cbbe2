// The words for each diagnostic code: the one place a warning becomes prose
// (terminal, HTML, Markdown). Exhaustive over the codes, so a new code
// without words fails to compile.
import { formatNs } from '../format/units.js';
import type { Diagnostic } from '../results/diagnostics.js';

export function diagnosticText(d: Diagnostic): string {
  switch (d.code) {
    case 'metric-bimodal': {
      const p = d.params;
      return `${p.metric}: bimodal, trial p50s cluster at ${formatNs(p.lowNs)} (${p.lowTrials} trials) and ${formatNs(p.highNs)} (${p.highTrials})`;
    }
    case 'metric-unstable':
      return `${d.params.metric}: unstable, trial p50s vary by ${d.params.cvPct.toFixed(0)}% (cv); compare with care`;
    case 'trials-disturbed': {
      const p = d.params;
      return `${p.disturbed} of ${p.trials} trials disturbed (trial ${p.firstTrial}: ${p.reasons.join('; ')}); compare leaves them out by default`;
    }
    case 'wake-regime-switched': {
      const p = d.params;
      return `cross-CPU wake regime switched between rounds: ${formatNs(p.lowNs)} in ${p.lowRounds} rounds, ${formatNs(p.highNs)} in ${p.highRounds}; compare strategies within a round, not across`;
    }
    case 'model-failed':
      return `the model could not be built: ${d.params.message}`;
    case 'smt-siblings':
      return `CPUs ${d.params.cpuA} and ${d.params.cpuB} are SMT siblings: cross-CPU figures share one core's caches`;
    case 'cpu-pairs-sampled': {
      const p = d.params;
      return `${p.probe}: ${p.cpus} CPUs make ${p.pairs} ordered pairs; ${p.measured} of them were measured, drawn uniformly without replacement with seed ${p.seed}`;
    }
    case 'realtime-refused':
      return `SCHED_FIFO refused (${d.params.error}) for ${d.params.role}: ran with the default policy; grant CAP_SYS_NICE or an RLIMIT_RTPRIO to use --rt`;
    case 'preemption-wakee-not-fifo':
      return `preemption: SCHED_FIFO refused (${d.params.error}) for the wakee: it ran SCHED_OTHER, so the kernel preempts the spinner only when its wakeup rules allow; grant CAP_SYS_NICE or an RLIMIT_RTPRIO`;
    case 'text':
      return d.params.text;
  }
}

/** Short names for the summary line; other codes are named by their code. */
const SUMMARY_NAMES: Partial<Record<Diagnostic['code'], string>> = {
  'metric-unstable': 'unstable',
  'metric-bimodal': 'bimodal',
  'trials-disturbed': 'disturbed',
};

/** "37 warnings: 20 unstable, 12 bimodal, 5 smt-siblings" — one line instead of a screenful, counted by code. */
export function diagnosticSummary(diagnostics: Diagnostic[]): string {
  const kinds = new Map<string, number>();
  for (const d of diagnostics) {
    const kind = SUMMARY_NAMES[d.code] ?? d.code;
    kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
  }
  const parts = [...kinds].map(([kind, n]) => `${n} ${kind}`);
  return `${diagnostics.length} warning${diagnostics.length > 1 ? 's' : ''}: ${parts.join(', ')}`;
}
