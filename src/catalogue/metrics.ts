// Metric specifications: name, unit, direction and role, with a sentence
// saying what one sample is, and what else on the host its value moves with.
import type { MetricRole, MetricSpec, MovesWith } from './types.js';

export function latency(name: string, role: MetricRole, description: string, movesWith?: MovesWith): MetricSpec {
  return { name, description, unit: 'ns', better: 'lower', role, ...(movesWith ? { movesWith } : {}) };
}

/** A wake of a blocked thread: across CPUs it follows the wake level; on one CPU it is a context switch the host moves. */
export const blockedWake: MovesWith = { acrossCpus: 'wakeLevel', onOneCpu: 'hostState' };

/** Moves with host state wherever its threads are. */
export const hostState: MovesWith = { acrossCpus: 'hostState', onOneCpu: 'hostState' };
