// Steps that bring a results document written by an older schedcost to the
// current schemaVersion, so that baselines kept for months (CI artifacts,
// `compare --against DIR`) stay readable. Each step is frozen: it rewrites
// the shape as it was at that version and calls no code that may change
// later (it spells names as those documents did); the one helper it takes,
// a median, is a definition. A step may only restate what the document
// already holds; what an older build never measured stays absent.
import { median } from '../stats/sampleSummary.js';

type Json = Record<string, unknown>;

interface Step {
  /** The version it reads; it writes from + 1. */
  from: number;
  migrate(doc: Json): Json;
}

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * 1 → 2. Version 1 covered every document until 2026-12: the shape grew under
 * it. Documents of its first weeks carry a model with one wake-only error
 * figure and claims without their rule; version 2 holds the error per
 * predicted quantity and statistic (as the model computed it from the same
 * predictions) and a rule with every claim.
 */
function modelAccuracy(model: Json): Json {
  const { wakeP50MedianAbsoluteError: _dropped, ...rest } = model;
  const predictions = Array.isArray(model.predictions) ? model.predictions.filter(isObject) : [];
  const errors = new Map<string, number[]>();
  for (const p of predictions)
    for (const [statistic, error] of [
      ['p50', p.relativeErrorP50],
      ['p99', p.relativeErrorP99],
    ] as const) {
      if (typeof error !== 'number' || !Number.isFinite(error)) continue;
      const key = `${String(p.quantity)}\u0000${statistic}`;
      errors.set(key, [...(errors.get(key) ?? []), Math.abs(error)]);
    }
  const accuracy = [...errors].map(([key, e]) => {
    const [quantity, statistic] = key.split('\u0000');
    return {
      quantity,
      statistic,
      medianAbsoluteError: median(e),
      worstAbsoluteError: Math.max(...e),
      predictions: e.length,
    };
  });
  const claims = Array.isArray(model.claims)
    ? (model.claims as unknown[]).map((c) =>
        isObject(c) && typeof c.rule !== 'string'
          ? { ...c, rule: 'not recorded: written before claims carried their decision rule' }
          : c,
      )
    : model.claims;
  return { ...rest, ...('accuracy' in model ? {} : { accuracy }), ...(claims ? { claims } : {}) };
}

/**
 * 2 → 3. Warnings became data (a code and its parameters); a version-2
 * document's prose warnings, at the top and in each probe, are kept as
 * `text` diagnostics: their words are not parsed back into codes.
 */
function warningsAsData(warnings: unknown): unknown {
  return Array.isArray(warnings)
    ? (warnings as unknown[]).map((w) => (typeof w === 'string' ? { code: 'text', params: { text: w } } : w))
    : warnings;
}

/**
 * 3 → 4. Failure, skip and disturbance reasons became data as well: a
 * version-3 probe's `reason`, each trial's disturbance reasons and the
 * reasons inside a trials-disturbed warning are kept as `text` diagnostics;
 * so are the Go section's reasons (why Go was skipped or failed, why a
 * configuration or an emulated counterpart is missing). Its `notes`, prose
 * the report now writes from the section's own figures, are dropped. Each
 * claim says where its evidence came from: before version 4 every verdict
 * was judged on the emulation.
 */
const asText = (v: unknown): unknown => (typeof v === 'string' ? { code: 'text', params: { text: v } } : v);
const allAsText = (v: unknown): unknown => (Array.isArray(v) ? (v as unknown[]).map(asText) : v);

function disturbedWarningReasons(warnings: unknown): unknown {
  if (!Array.isArray(warnings)) return warnings;
  return (warnings as unknown[]).map((w) =>
    isObject(w) && w.code === 'trials-disturbed' && isObject(w.params)
      ? { ...w, params: { ...w.params, reasons: allAsText(w.params.reasons) } }
      : w,
  );
}

function trialReasons(trial: unknown): unknown {
  if (!isObject(trial) || !isObject(trial.disturbance)) return trial;
  return { ...trial, disturbance: { ...trial.disturbance, reasons: allAsText(trial.disturbance.reasons) } };
}

function probeReasons(probe: unknown): unknown {
  if (!isObject(probe)) return probe;
  const metrics = Array.isArray(probe.metrics)
    ? (probe.metrics as unknown[]).map((m) =>
        isObject(m) && Array.isArray(m.trials) ? { ...m, trials: (m.trials as unknown[]).map(trialReasons) } : m,
      )
    : probe.metrics;
  return {
    ...probe,
    ...('reason' in probe ? { reason: asText(probe.reason) } : {}),
    metrics,
    warnings: disturbedWarningReasons(probe.warnings),
  };
}

function claimSources(model: unknown): unknown {
  if (!isObject(model) || !Array.isArray(model.claims)) return model;
  return {
    ...model,
    claims: (model.claims as unknown[]).map((c) => (isObject(c) ? { ...c, source: 'emulation' } : c)),
  };
}

/**
 * The emulation's wake/dedicated figure a version-3 Go note quoted ("The
 * emulation measured … (p50, id)"), restated from where it came from: the
 * first completed wake/dedicated wakeToRun metric's median of trial p50s.
 */
function dedicatedEmulated(probes: unknown): Json | undefined {
  if (!Array.isArray(probes)) return undefined;
  for (const p of probes as unknown[]) {
    if (!isObject(p) || p.probe !== 'wake/dedicated' || p.status !== 'ok' || !Array.isArray(p.metrics)) continue;
    if (isObject(p.params) && p.params.idlePoll !== undefined) continue;
    for (const m of p.metrics as unknown[]) {
      if (!isObject(m) || m.metric !== 'wakeToRun') continue;
      const fromSummary = isObject(m.summary) && typeof m.summary.valueNs === 'number' ? m.summary.valueNs : undefined;
      const trialP50s = Array.isArray(m.trials)
        ? (m.trials as unknown[]).flatMap((t) =>
            isObject(t) && isObject(t.statsNs) && typeof t.statsNs.p50 === 'number' ? [t.statsNs.p50] : [],
          )
        : [];
      const p50Ns = fromSummary ?? (trialP50s.length ? median(trialP50s) : undefined);
      if (p50Ns !== undefined) return { metricId: m.id, p50Ns };
    }
  }
  return undefined;
}

/** A counterpart's reason as text, and its note as one point (its sentences are not split back). */
function counterpart(m: Json, c: Json): Json {
  const { note, ...rest } = c;
  return {
    ...m,
    counterpart: {
      ...rest,
      notes: typeof note === 'string' ? [note] : [],
      ...('emulatedMissing' in rest ? { emulatedMissing: asText(rest.emulatedMissing) } : {}),
    },
  };
}

function goReasons(go: unknown, probes: unknown): unknown {
  if (!isObject(go)) return go;
  // The notes were prose the report now writes from the section's figures; the one figure they held
  // that the section does not is the emulation's wake/dedicated p50, restated below.
  const { notes: _prose, ...rest } = go;
  const measured = Array.isArray(go.measurements) && go.measurements.length > 0;
  const dedicated = measured ? dedicatedEmulated(probes) : undefined;
  const skippedMeasurements = Array.isArray(go.skippedMeasurements)
    ? (go.skippedMeasurements as unknown[]).map((s) => (isObject(s) ? { ...s, reason: asText(s.reason) } : s))
    : go.skippedMeasurements;
  const measurements = Array.isArray(go.measurements)
    ? (go.measurements as unknown[]).map((m) =>
        isObject(m) && isObject(m.counterpart) ? counterpart(m, m.counterpart) : m,
      )
    : go.measurements;
  return {
    ...rest,
    ...('skipped' in go ? { skipped: asText(go.skipped) } : {}),
    ...('failed' in go ? { failed: asText(go.failed) } : {}),
    skippedMeasurements,
    measurements,
    ...(dedicated ? { dedicatedEmulated: dedicated } : {}),
  };
}

const steps: Step[] = [
  {
    from: 1,
    migrate: (doc) => ({ ...doc, ...(isObject(doc.model) ? { model: modelAccuracy(doc.model) } : {}) }),
  },
  {
    from: 2,
    migrate: (doc) => ({
      ...doc,
      warnings: warningsAsData(doc.warnings),
      ...(Array.isArray(doc.probes)
        ? {
            probes: (doc.probes as unknown[]).map((p) =>
              isObject(p) ? { ...p, warnings: warningsAsData(p.warnings) } : p,
            ),
          }
        : {}),
    }),
  },
  {
    from: 3,
    migrate: (doc) => ({
      ...doc,
      warnings: disturbedWarningReasons(doc.warnings),
      ...(Array.isArray(doc.probes) ? { probes: (doc.probes as unknown[]).map(probeReasons) } : {}),
      ...('go' in doc ? { go: goReasons(doc.go, doc.probes) } : {}),
      ...('model' in doc ? { model: claimSources(doc.model) } : {}),
    }),
  },
];

/** The oldest schemaVersion a reader can migrate from. */
export const OLDEST_READABLE_VERSION = Math.min(...steps.map((s) => s.from));

/**
 * The document brought from `version` to `current`, one step at a time, with
 * `migratedFrom` set; the caller validates the result against the current
 * schema.
 */
export function migrate(doc: Json, version: number, current: number): Json {
  let out = doc;
  for (let v = version; v < current; v++) {
    const step = steps.find((s) => s.from === v);
    if (!step) throw new RangeError(`no migration from schemaVersion ${v}`);
    out = step.migrate(out);
  }
  // A document migrated before (and written back, e.g. merged by ab) keeps where its data came from.
  const first = typeof doc.migratedFrom === 'number' ? doc.migratedFrom : version;
  return { ...out, schemaVersion: current, migratedFrom: first };
}
