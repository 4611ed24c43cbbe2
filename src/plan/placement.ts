// Which CPUs a probe's threads go on. Cross-CPU pairs avoid SMT siblings
// (they share a core's caches and would hide a migration's cost).
import type { Placement } from '../results/schema.js';
import { DiagnosticCode } from '../catalogue/index.js';
import type { Diagnostic, ProbeReason } from '../results/diagnostics.js';

export interface PlacementOptions {
  /** Same-CPU and single-CPU probes run here. */
  single: Placement;
  same: Placement;
  /** Absent when the run may use one CPU only. */
  cross?: Placement;
  crossSkipReason?: ProbeReason;
  notes: Diagnostic[];
}

export function choosePlacements(cpus: number[], smtGroups: number[][]): PlacementOptions {
  if (cpus.length === 0) throw new RangeError('no CPU to run on');
  const a = cpus[0]!;
  const single: Placement = { kind: 'single-cpu', cpus: [a] };
  const same: Placement = { kind: 'same-cpu', cpus: [a, a] };
  if (cpus.length === 1)
    return { single, same, crossSkipReason: { code: DiagnosticCode.onlyOneCpu, params: { cpu: a } }, notes: [] };
  const siblingsOfA = new Set(smtGroups.find((g) => g.includes(a)) ?? [a]);
  const other = cpus.slice(1).find((c) => !siblingsOfA.has(c));
  const notes: Diagnostic[] = [];
  const b = other ?? cpus[1]!;
  if (other === undefined) notes.push({ code: DiagnosticCode.smtSiblings, params: { cpuA: a, cpuB: b } });
  return { single, same, cross: { kind: 'cross-cpu', cpus: [a, b] }, notes };
}

/** The CPUs the pinned placements use (the pair, or the one CPU). */
export function measuredCpus(placements: PlacementOptions): number[] {
  return [...new Set((placements.cross ?? placements.same).cpus)];
}
