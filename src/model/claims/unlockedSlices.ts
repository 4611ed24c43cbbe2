// What claims 3 and 4 read from wake/unlocked: per slice, the fractions of
// wakeups in which T migrated or was stolen, and the refill a migrated T paid.
import { Counter, Metric, Param, Probe } from '../../catalogue/index.js';
import type { ResultsDocument } from '../../results/schema.js';
import { headline } from './evidence.js';

export interface UnlockedSlice {
  sliceNs: number;
  migrated: number;
  stolen: number;
  refillNs: number;
  stolenLatencyNs: number;
}

export function unlockedSlices(doc: ResultsDocument): UnlockedSlice[] {
  return doc.probes
    .filter((p) => p.probe === Probe.wakeUnlocked && p.status === 'ok')
    .map((p) => {
      const wake = p.metrics.find((m) => m.metric === Metric.wakeToRun);
      const kept = wake?.trials.reduce((n, t) => n + t.samples, 0) ?? 0;
      const count = (name: string) => wake?.trials.reduce((n, t) => n + (t.counters?.[name] ?? 0), 0) ?? 0;
      const split = (name: string) => p.metrics.find((m) => m.metric === name);
      return {
        sliceNs: Number(p.params[Param.sliceNs] ?? 0),
        migrated: kept ? count(Counter.migrated) / kept : 0,
        stolen: kept ? count(Counter.stolen) / kept : 0,
        refillNs: headline(split(Metric.retouchMigrated)) - headline(split(Metric.retouchAtHome)),
        stolenLatencyNs: headline(split(Metric.wakeToRunStolen)),
      };
    })
    .sort((a, b) => a.sliceNs - b.sliceNs);
}
