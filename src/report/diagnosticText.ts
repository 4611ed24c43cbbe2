// The words for each diagnostic code: the one place a warning, a failure or
// skip reason or a disturbance reason becomes prose (terminal, HTML,
// Markdown). Exhaustive over the codes, so a new code without words fails to
// compile.
import { formatNs } from '../format/units.js';
import type { AnyDiagnostic, Diagnostic } from '../results/diagnostics.js';
import type { EmulationMissing, GoFailure, GoResults, GoSkipReason } from '../go/goResultsSchema.js';

/** Everything with a code the report puts into words: the core's, and the Go section's. */
type Coded =
  AnyDiagnostic | GoSkipReason | GoFailure | EmulationMissing | GoResults['skippedMeasurements'][number]['reason'];

const ms = (ns: number) => `${(ns / 1e6).toFixed(1)} ms`;
const pct = (part: number, whole: number) => `${((100 * part) / whole).toFixed(1)}%`;

export function diagnosticText(d: Coded): string {
  switch (d.code) {
    case 'metric-bimodal': {
      const p = d.params;
      return `${p.metric}: bimodal, trial p50s cluster at ${formatNs(p.lowNs)} (${p.lowTrials} trials) and ${formatNs(p.highNs)} (${p.highTrials})`;
    }
    case 'metric-unstable':
      return `${d.params.metric}: unstable, trial p50s vary by ${d.params.cvPct.toFixed(0)}% (cv); compare with care`;
    case 'trials-disturbed': {
      const p = d.params;
      return `${p.disturbed} of ${p.trials} trials disturbed (trial ${p.firstTrial}: ${p.reasons.map(diagnosticText).join('; ')}); compare leaves them out by default`;
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
    case 'probe-failed':
    case 'probe-timed-out':
      return d.params.message;
    case 'probe-error':
      return `${d.params.errorCode}: ${d.params.message}`;
    case 'worker-died':
      return `the worker process died (${d.params.exit})`;
    case 'worker-not-run':
      return `the worker process could not run (${d.params.exit})`;
    case 'only-one-cpu':
      return `only one CPU (${d.params.cpu}) is available to the run`;
    case 'idle-polling-refused':
      return `idle polling could not be held: ${d.params.error}`;
    case 'hypervisor-steal': {
      const p = d.params;
      return `the hypervisor stole ${ms(p.stealNs)} (${pct(p.stealNs, p.wallNs)} of the trial) from CPU ${p.cpu}`;
    }
    case 'other-tasks-ran': {
      const p = d.params;
      return `other tasks ran ${ms(p.cpuNs)} (${pct(p.cpuNs, p.wallNs)} of the trial's wall time) on CPU${p.cpus.length > 1 ? 's' : ''} ${p.cpus.join(',')}`;
    }
    case 'cgroup-throttled': {
      const p = d.params;
      return `the CPU quota of cgroup ${p.path} (${p.hierarchy}) throttled it ${p.periods} time${p.periods === 1 ? '' : 's'} for ${ms(p.throttledNs)}`;
    }
    case 'role-preempted': {
      const p = d.params;
      return `the ${p.role} thread was preempted ${p.switches} times (more than ${p.limit}, 1% of ${p.samples} samples)`;
    }
    case 'go-not-found':
      return d.params.path === undefined
        ? `no go command on PATH (install a Go toolchain, e.g. Debian's golang-go, or set ${d.params.envVar} to a go binary)`
        : `${d.params.envVar}=${d.params.path} is not an executable file`;
    case 'go-version-failed':
      return `${d.params.go} env GOVERSION failed: ${d.params.error}`;
    case 'go-build-failed':
      return `the Go program did not build with ${d.params.go}: ${d.params.error}`;
    case 'go-interrupted':
      return 'interrupted';
    case 'go-timed-out':
      return `the Go program did not finish within ${d.params.timeoutMs} ms and was killed`;
    case 'go-program-failed':
      return `the Go program failed: ${d.params.error}`;
    case 'go-output-invalid':
      return d.params.message;
    case 'go-needs-two-cpus':
      return d.params.needs === 'second-p'
        ? 'one CPU allowed: a second P needs a second CPU'
        : "one CPU allowed: a locked receiver's thread needs a CPU of its own (the emulated wake paths are cross-CPU)";
    case 'emulation-not-given':
      return 'no results of the emulation given';
    case 'emulation-not-run':
      return `${d.params.probe} was not run`;
    case 'emulation-probe-missing': {
      const p = d.params;
      return `${p.probe} ${p.status}${p.reason ? `: ${diagnosticText(p.reason)}` : ''}`;
    }
    case 'emulation-metric-missing': {
      const p = d.params;
      const wanted = Object.entries(p.params)
        .map(([k, v]) => `${k}=${v}`)
        .join(',');
      return `no ${p.probe} ${p.metric} with ${wanted} in the results`;
    }
    case 'emulation-no-samples':
      return `${d.params.metricId} kept no samples`;
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
