// Where the simulated CPUs sit relative to each other, and what a wake costs
// across each distance. A 2-CPU host shows one cross-CPU wake; a large host
// adds same-core (SMT), same-LLC, cross-LLC and cross-socket wakes. They come
// from a topology file (distance classes with their wake latencies), from a
// results document of such a host (its futex-matrix), or, without either,
// every cross-CPU wake is this host's measured cross-CPU wake.
import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { fromMetric, type Distribution } from '../model/measuredDistribution.js';
import type { MetricResult, ResultsDocument } from '../results/schema.js';
import { parseResults } from '../results/readResults.js';
import { UsageError } from '../errors.js';
import { Metric, Param, Probe } from '../catalogue/index.js';
import { median } from '../stats/sampleSummary.js';
import { mappedTo } from './derivedDistributions.js';
import type { GapEntry } from './inputs.js';

/** Distances between two CPUs, nearest first (the same CPU is class 0 and always this host's own). */
const Level = { sameCore: 0, sameLlc: 1, crossLlc: 2, crossSocket: 3 } as const;
type LevelIndex = (typeof Level)[keyof typeof Level];
const LEVEL_NAMES = ['same core', 'same LLC', 'cross LLC', 'cross socket'] as const;

const ALIASES: Record<string, LevelIndex> = {
  'same core': Level.sameCore,
  smt: Level.sameCore,
  'smt sibling': Level.sameCore,
  'same llc': Level.sameLlc,
  'same l3': Level.sameLlc,
  'same ccx': Level.sameLlc,
  'cross llc': Level.crossLlc,
  'cross l3': Level.crossLlc,
  'cross ccx': Level.crossLlc,
  'same socket': Level.crossLlc,
  'cross socket': Level.crossSocket,
  'remote socket': Level.crossSocket,
  'cross numa': Level.crossSocket,
};

const Quantiles = Type.Union([
  Type.Number({ exclusiveMinimum: 0, description: 'the p50 in ns (the measured shape is kept)' }),
  Type.Object(
    { p50: Type.Number({ exclusiveMinimum: 0 }), p99: Type.Optional(Type.Number({ exclusiveMinimum: 0 })) },
    { additionalProperties: false },
  ),
]);

const TopologyFileSchema = Type.Object(
  {
    description: Type.Optional(Type.String()),
    classes: Type.Array(
      Type.Object(
        {
          name: Type.String({ description: `one of: ${Object.keys(ALIASES).join(', ')}` }),
          wakeLatencyNs: Quantiles,
          wakerCostNs: Type.Optional(Quantiles),
          migrationPenaltyFactor: Type.Optional(
            Type.Number({ minimum: 0, description: "multiplies this host's measured migration penalty (default 1)" }),
          ),
        },
        { additionalProperties: false },
      ),
      { minItems: 1 },
    ),
    cpusPerCore: Type.Optional(Type.Integer({ minimum: 1, description: 'SMT threads per core (default 1)' })),
    cpusPerLlc: Type.Integer({ minimum: 1 }),
    llcsPerSocket: Type.Optional(Type.Integer({ minimum: 1, description: 'default: one socket' })),
  },
  { additionalProperties: false },
);
type TopologyFile = Static<typeof TopologyFileSchema>;

/** A distance class: its wake table, given this host's cross-CPU table (so idle polling can substitute it). */
interface WakeClass {
  name: string;
  source: string;
  migrationFactor: number;
  table(hostCross: GapEntry[]): GapEntry[];
}

export interface Topology {
  source: string;
  /** The sentence the output states as the simulation's assumption about distances. */
  assumption: string;
  cpusPerCore: number;
  cpusPerLlc: number | undefined;
  llcsPerSocket: number | undefined;
  /** Classes 1..k (class 0 is the same CPU). */
  classes: WakeClass[];
  classOf: (fromCpu: number, toCpu: number) => number;
  llcOf: (cpu: number) => number;
}

const HOST_CLASS: WakeClass = {
  name: 'cross-CPU (this host)',
  source: "this host's futex-wake cross-CPU",
  migrationFactor: 1,
  table: (hostCross) => hostCross,
};

/** Without a topology: one LLC, and every cross-CPU wake is this host's measured one. */
export function flatTopology(): Topology {
  return {
    source: 'none given',
    assumption:
      "no topology given: every cross-CPU wake, at any CPU count, draws from this host's measured cross-CPU wake, and the kernel looks for idle CPUs across all of them (one LLC)",
    cpusPerCore: 1,
    cpusPerLlc: undefined,
    llcsPerSocket: undefined,
    classes: [HOST_CLASS],
    classOf: (a, b) => (a === b ? 0 : 1),
    llcOf: () => 0,
  };
}

function geometry(
  cpusPerCore: number,
  cpusPerLlc: number | undefined,
  llcsPerSocket: number | undefined,
  byLevel: number[],
) {
  const llc = (cpu: number) => (cpusPerLlc ? Math.floor(cpu / cpusPerLlc) : 0);
  const socket = (cpu: number) => (llcsPerSocket ? Math.floor(llc(cpu) / llcsPerSocket) : 0);
  return {
    llcOf: llc,
    classOf(a: number, b: number): number {
      if (a === b) return 0;
      const level =
        Math.floor(a / cpusPerCore) === Math.floor(b / cpusPerCore)
          ? Level.sameCore
          : llc(a) === llc(b)
            ? Level.sameLlc
            : socket(a) === socket(b)
              ? Level.crossLlc
              : Level.crossSocket;
      return byLevel[level]!;
    },
  };
}

/** Class index (1-based) for each level: a level without a class takes the nearest farther one, else nearer. */
function levelMap(present: (WakeClass | undefined)[]): { classes: WakeClass[]; byLevel: number[] } {
  const classes = present.filter((c): c is WakeClass => c !== undefined);
  const byLevel = present.map((_, level) => {
    for (let d = 0; d < present.length; d++)
      for (const l of [level + d, level - d]) {
        const c = present[l];
        if (c) return classes.indexOf(c) + 1;
      }
    return 1;
  });
  return { classes, byLevel };
}

function quantilesOf(q: TopologyFile['classes'][0]['wakeLatencyNs']): { p50: number; p99?: number } {
  return typeof q === 'number' ? { p50: q } : q;
}

function mapTable(
  table: GapEntry[],
  wake: { p50: number; p99?: number },
  cost: { p50: number; p99?: number } | undefined,
  name: string,
): GapEntry[] {
  // The class's p50 belongs to the gap the host measured most like the files' (the middle one).
  const reference = table[Math.floor(table.length / 2)]!;
  const wakeFactor = wake.p50 / reference.wake.p50,
    costFactor = cost ? cost.p50 / reference.wakerCost.p50 : 1;
  return table.map((e) => ({
    gapNs: e.gapNs,
    wake: mappedTo(
      e.wake,
      e.wake.p50 * wakeFactor,
      wake.p99 !== undefined ? wake.p99 * (e.wake.p50 / reference.wake.p50) : undefined,
      `${e.wake.source} mapped to ${name}`,
    ),
    wakerCost: cost
      ? mappedTo(
          e.wakerCost,
          e.wakerCost.p50 * costFactor,
          cost.p99 !== undefined ? cost.p99 * (e.wakerCost.p50 / reference.wakerCost.p50) : undefined,
          `${e.wakerCost.source} mapped to ${name}`,
        )
      : e.wakerCost,
  }));
}

export function parseTopologyFile(data: unknown, source: string): Topology {
  if (!Value.Check(TopologyFileSchema, data)) {
    const first = [...Value.Errors(TopologyFileSchema, data)][0];
    throw new UsageError(`${source} is not a topology file: ${first ? `${first.path || '/'} ${first.message}` : ''}`);
  }
  const present: (WakeClass | undefined)[] = [undefined, undefined, undefined, undefined];
  for (const c of data.classes) {
    const level = ALIASES[c.name.trim().toLowerCase()];
    if (level === undefined)
      throw new UsageError(`${source}: unknown class '${c.name}' (one of: ${Object.keys(ALIASES).join(', ')})`);
    if (present[level]) throw new UsageError(`${source}: two classes for '${LEVEL_NAMES[level]}'`);
    const wake = quantilesOf(c.wakeLatencyNs),
      cost = c.wakerCostNs === undefined ? undefined : quantilesOf(c.wakerCostNs);
    const name = LEVEL_NAMES[level];
    present[level] = {
      name,
      source: `${source}: p50 ${wake.p50} ns${wake.p99 ? `, p99 ${wake.p99} ns` : ''}, the shape of this host's cross-CPU wake`,
      migrationFactor: c.migrationPenaltyFactor ?? 1,
      table: (hostCross) => mapTable(hostCross, wake, cost, name),
    };
  }
  const { classes, byLevel } = levelMap(present);
  const cpusPerCore = data.cpusPerCore ?? 1;
  return {
    source,
    assumption: `topology from ${source}: ${cpusPerCore > 1 ? `${cpusPerCore} SMT threads per core, ` : ''}${data.cpusPerLlc} CPUs per LLC, ${data.llcsPerSocket ? `${data.llcsPerSocket} LLCs per socket` : 'one socket'}; ${classes.map((c) => c.name).join(', ')} wakes take the file's latencies with the shape of this host's measured cross-CPU wake${classes.length < 4 ? '; a distance without a class takes the nearest class given' : ''}`,
    cpusPerCore,
    cpusPerLlc: data.cpusPerLlc,
    llcsPerSocket: data.llcsPerSocket,
    classes,
    ...geometry(cpusPerCore, data.cpusPerLlc, data.llcsPerSocket, byLevel),
  };
}

/** Splits ascending values into clusters at gaps wider than `ratio`, at most `max` clusters (widest gaps first). */
export function latencyClusters(sorted: number[], max: number, ratio = 1.3): number[][] {
  const gaps = sorted
    .slice(1)
    .map((v, i) => ({ at: i + 1, ratio: v / sorted[i]! }))
    .filter((g) => g.ratio > ratio)
    .sort((a, b) => b.ratio - a.ratio)
    .slice(0, max - 1)
    .map((g) => g.at)
    .sort((a, b) => a - b);
  const clusters: number[][] = [];
  let start = 0;
  for (const at of [...gaps, sorted.length]) {
    clusters.push(sorted.slice(start, at));
    start = at;
  }
  return clusters.filter((c) => c.length > 0);
}

interface Pair {
  from: number;
  to: number;
  wake: MetricResult;
  cost: MetricResult | undefined;
}

function pooled(metrics: MetricResult[], id: string): Distribution | undefined {
  const withSummary = metrics.filter((m) => m.summary);
  if (withSummary.length === 0) return undefined;
  const first = withSummary[0]!;
  return fromMetric({
    ...first,
    id,
    trials: withSummary.flatMap((m) => m.trials),
    summary: { ...first.summary!, valueNs: median(withSummary.map((m) => m.summary!.valueNs)) },
  });
}

/** A topology from the futex-matrix of a results document measured on a (larger) host. */
export function topologyFromMatrix(doc: ResultsDocument, source: string): Topology {
  const pairs: Pair[] = doc.probes
    .filter((p) => p.probe === Probe.futexMatrix && p.status === 'ok')
    .flatMap((p) => p.metrics)
    .filter((m) => m.metric === Metric.wakeLatency && m.summary)
    .map((m) => ({ from: m.params[Param.fromCpu]!, to: m.params[Param.toCpu]!, wake: m }))
    .filter((p) => p.from !== undefined && p.to !== undefined && p.from !== p.to)
    .map((p) => ({
      ...p,
      cost: doc.probes
        .flatMap((q) => q.metrics)
        .find(
          (m) =>
            m.metric === Metric.wakerCost &&
            m.params[Param.fromCpu] === p.from &&
            m.params[Param.toCpu] === p.to &&
            m.params[Param.gapMinNs] === p.wake.params[Param.gapMinNs],
        ),
    }));
  if (pairs.length === 0) throw new UsageError(`${source} has no futex-matrix measurements to take a topology from`);
  const siblings = new Map<number, number[]>();
  for (const group of doc.host.smtSiblings) for (const cpu of group) siblings.set(cpu, group);
  const llcCache = [...doc.host.caches]
    .filter((c) => c.type !== 'Instruction' && c.sharedWithCpus.length > 0)
    .sort((a, b) => b.level - a.level)[0];
  const llcSet = new Set(llcCache?.sharedWithCpus ?? []);
  const levels = new Map<Pair, LevelIndex>();
  const unknown: Pair[] = [];
  for (const p of pairs) {
    if (siblings.get(p.from)?.includes(p.to)) levels.set(p, Level.sameCore);
    else if (llcSet.has(p.from) && llcSet.has(p.to)) levels.set(p, Level.sameLlc);
    else unknown.push(p);
  }
  const p50 = (p: Pair) => p.wake.summary!.valueNs;
  const knownLlc = pairs.filter((p) => levels.get(p) === Level.sameLlc).map(p50);
  const llcLimit = knownLlc.length ? 1.3 * median(knownLlc) : 0;
  const rest = unknown.filter((p) => (p50(p) <= llcLimit ? (levels.set(p, Level.sameLlc), false) : true));
  const sorted = [...new Set(rest.map(p50))].sort((a, b) => a - b);
  const clusters = latencyClusters(sorted, knownLlc.length ? 2 : 3);
  const clusterLevels: LevelIndex[] =
    clusters.length === 3
      ? [Level.sameLlc, Level.crossLlc, Level.crossSocket]
      : clusters.length === 2
        ? knownLlc.length
          ? [Level.crossLlc, Level.crossSocket]
          : [Level.sameLlc, Level.crossLlc]
        : [knownLlc.length ? Level.crossLlc : Level.sameLlc];
  for (const p of rest) levels.set(p, clusterLevels[clusters.findIndex((c) => c.includes(p50(p)))]!);

  const present: (WakeClass | undefined)[] = [undefined, undefined, undefined, undefined];
  const counts = [0, 0, 0, 0];
  for (let level = 0; level < 4; level++) {
    const members = pairs.filter((p) => levels.get(p) === level);
    counts[level] = members.length;
    const name = LEVEL_NAMES[level]!;
    const wake = pooled(
      members.map((p) => p.wake),
      `${source} futex-matrix ${name} (${members.length} pairs)`,
    );
    const cost = pooled(
      members.flatMap((p) => (p.cost ? [p.cost] : [])),
      `${source} futex-matrix wakerCost ${name}`,
    );
    if (!wake) continue;
    present[level] = {
      name,
      source: wake.source,
      migrationFactor: 1,
      table: (hostCross) => [{ gapNs: hostCross[0]?.gapNs ?? 0, wake, wakerCost: cost ?? hostCross[0]!.wakerCost }],
    };
  }
  const cpus = doc.host.onlineCpus || Math.max(...pairs.flatMap((p) => [p.from, p.to])) + 1;
  const cpusPerCore = Math.max(1, ...doc.host.smtSiblings.map((g) => g.length));
  const crossPairs = pairs.length - counts[Level.sameCore]!;
  const cpusPerLlc =
    llcSet.size > 0
      ? llcSet.size
      : crossPairs > 0
        ? Math.max(1, Math.round((counts[Level.sameLlc]! / crossPairs) * (cpus - 1)) + 1)
        : undefined;
  const llcCount = cpusPerLlc ? Math.max(1, Math.round(cpus / cpusPerLlc)) : 1;
  const beyond = counts[Level.crossLlc]! + counts[Level.crossSocket]!;
  const llcsPerSocket =
    counts[Level.crossSocket]! > 0 && beyond > 0
      ? Math.max(1, Math.round((counts[Level.crossLlc]! / beyond) * (llcCount - 1)) + 1)
      : undefined;
  const { classes, byLevel } = levelMap(present);
  return {
    source,
    assumption:
      `topology from the futex-matrix of ${source} (${doc.host.cpuModel}, ${cpus} CPUs, ${pairs.length} CPU pairs): ` +
      "pairs classed by that host's SMT siblings and LLC sharing, the others by latency (within 30% of the same-LLC median, else split at the widest gap); " +
      `simulated CPUs numbered with ${cpusPerCore > 1 ? `${cpusPerCore} SMT threads per core, ` : ''}${cpusPerLlc ?? 'all'} CPUs per LLC, ` +
      `${llcsPerSocket ? `${llcsPerSocket} LLCs per socket` : 'one socket'}; ` +
      classes
        .map((c) => `${c.name}: ${counts[LEVEL_NAMES.indexOf(c.name as (typeof LEVEL_NAMES)[number])]} pairs`)
        .join(', '),
    cpusPerCore,
    cpusPerLlc,
    llcsPerSocket,
    classes,
    ...geometry(cpusPerCore, cpusPerLlc, llcsPerSocket, byLevel),
  };
}

/** A topology from a file's text: a results document (its futex-matrix) or a topology file. */
export function topologyFrom(text: string, source: string): Topology {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${source} is not valid JSON (${(error as Error).message})`);
  }
  if (typeof data === 'object' && data !== null && 'schemaVersion' in data && 'probes' in data)
    return topologyFromMatrix(parseResults(text, source), source);
  return parseTopologyFile(data, source);
}
