// The HTML report: one self-contained file (inline CSS and SVG, no script,
// nothing fetched at view time) that renders results documents — and, given
// two or more, their comparison. It renders; it never measures.
import type { NamedComparison } from '../compare/compare.js';
import type { Claim, ProbeResult, ResultsDocument } from '../results/schema.js';
import { pooledBuckets, type HistogramBucket } from '../results/trialFigures.js';
import {
  axes,
  defaultFrame,
  escapeHtml as esc,
  legend,
  linearScale,
  logScale,
  logTicks,
  palette,
  polyline,
  svgOpen,
  type Frame,
} from './svg.js';
import { formatBytes, formatNs, formatParam } from '../format/units.js';
import { hypervisorName } from '../format/hypervisor.js';
import { goHtmlSection } from './goSection.js';
import { simulationSection } from './simulationSection.js';
import { DerivedName, isStrategy, Metric, Param, Probe } from '../catalogue/index.js';
import { diagnosticText } from './diagnosticText.js';
import { shownParams } from './metricLabel.js';
import { rowNotesText } from './rowNoteText.js';
import { claimSourceText } from './claimSource.js';

export interface NamedDocument {
  name: string;
  doc: ResultsDocument;
}

type Bucket = HistogramBucket;

function cdfPoints(buckets: Bucket[]): [number, number][] {
  const total = buckets.reduce((n, b) => n + b[2], 0);
  let seen = 0;
  const points: [number, number][] = [];
  for (const [lo, hi, n] of buckets) {
    if (points.length === 0) points.push([Math.max(lo, 1), 0]);
    seen += n;
    points.push([Math.max(hi, 1), seen / total]);
  }
  return points;
}

function paramsLabel(params: Record<string, number>): string {
  return Object.entries(params)
    .filter(([k]) => !([Param.durationNs, Param.computeNs, Param.passBudgetBytes] as string[]).includes(k))
    .map(([k, v]) => formatParam(k, v))
    .join(', ');
}

function cdfChart(title: string, curves: { name: string; buckets: Bucket[] }[]): string {
  const frame = defaultFrame;
  const all = curves.flatMap((c) => c.buckets);
  if (all.length === 0) return '';
  const domain: [number, number] = [Math.max(1, Math.min(...all.map((b) => b[0]))), Math.max(...all.map((b) => b[1]))];
  const x = logScale(domain, [frame.left, frame.width - frame.right]);
  const y = linearScale([0, 1], [frame.height - frame.bottom, frame.top]);
  const xTicks = logTicks(domain)
    .filter((_, i, a) => a.length < 8 || i % 2 === 0)
    .map((v) => ({ at: x(v), label: formatNs(v) }));
  const yTicks = [0, 0.25, 0.5, 0.75, 1].map((p) => ({ at: y(p), label: `${p * 100}%` }));
  const series = curves.map((c, i) => ({ name: c.name, color: palette[i % palette.length]! }));
  const lines = curves
    .map((c, i) =>
      polyline(
        cdfPoints(c.buckets).map(([vx, vy]) => [x(vx), y(vy)]),
        series[i]!.color,
        c.name,
      ),
    )
    .join('');
  return `<figure class="chart-cdf">${svgOpen(frame, title)}${axes(frame, xTicks, yTicks, 'latency (log)', 'fraction of samples')}${lines}${legend(frame, series)}</svg><figcaption>${esc(title)}</figcaption></figure>`;
}

function histogramMultiple(title: string, buckets: Bucket[]): string {
  const frame: Frame = { width: 220, height: 110, left: 8, right: 8, top: 8, bottom: 24 };
  if (buckets.length === 0) return '';
  const domain: [number, number] = [Math.max(1, buckets[0]![0]), buckets[buckets.length - 1]![1]];
  const x = logScale(domain, [frame.left, frame.width - frame.right]);
  const peak = Math.max(...buckets.map((b) => b[2] / Math.max(1, b[1] - b[0])));
  const y = linearScale([0, peak], [frame.height - frame.bottom, frame.top]);
  const bars = buckets
    .map(([lo, hi, n]) => {
      const x0 = x(Math.max(lo, 1)),
        x1 = Math.max(x(hi), x0 + 0.8);
      const top = y(n / Math.max(1, hi - lo));
      return `<rect x="${x0.toFixed(1)}" y="${top.toFixed(1)}" width="${(x1 - x0).toFixed(1)}" height="${(frame.height - frame.bottom - top).toFixed(1)}" class="bar"><title>${esc(`${formatNs(lo)}–${formatNs(hi)}: ${n}`)}</title></rect>`;
    })
    .join('');
  const ends = `<text x="${frame.left}" y="${frame.height - 8}" class="tick">${esc(formatNs(domain[0]))}</text><text x="${frame.width - frame.right}" y="${frame.height - 8}" class="tick" text-anchor="end">${esc(formatNs(domain[1]))}</text>`;
  return `<figure class="chart-histogram">${svgOpen(frame, title)}${bars}${ends}</svg><figcaption>${esc(title)}</figcaption></figure>`;
}

function migrationChart(doc: ResultsDocument): string {
  const probe = doc.probes.find((p) => p.probe === Probe.migration && p.status === 'ok');
  if (!probe) return '';
  const lines = [Metric.retouchSameCpu, Metric.retouchAfterMove].map((name) =>
    probe.metrics
      .filter((m) => m.metric === name && m.summary)
      .map((m) => [m.params[Param.workingSetBytes]!, m.summary!.valueNs] as [number, number])
      .sort((a, b) => a[0] - b[0]),
  );
  const points = lines.flat();
  if (points.length === 0) return '';
  const frame = defaultFrame;
  const xDomain: [number, number] = [Math.min(...points.map((p) => p[0])), Math.max(...points.map((p) => p[0]))];
  const yDomain: [number, number] = [Math.min(...points.map((p) => p[1])), Math.max(...points.map((p) => p[1]))];
  const x = logScale(xDomain, [frame.left, frame.width - frame.right]);
  const y = logScale(yDomain, [frame.height - frame.bottom, frame.top]);
  const xTicks = logTicks(xDomain)
    .filter((v) => Number.isInteger(Math.log2(v)))
    .map((v) => ({ at: x(v), label: formatBytes(v) }));
  const yTicks = logTicks(yDomain)
    .filter((_, i, a) => a.length < 8 || i % 2 === 0)
    .map((v) => ({ at: y(v), label: formatNs(v) }));
  const caches = doc.host.caches
    .filter((c) => c.type !== 'Instruction' && c.sizeBytes >= xDomain[0] && c.sizeBytes <= xDomain[1])
    .map(
      (c) =>
        `<line x1="${x(c.sizeBytes).toFixed(1)}" y1="${frame.top}" x2="${x(c.sizeBytes).toFixed(1)}" y2="${frame.height - frame.bottom}" class="cache"/><text x="${(x(c.sizeBytes) + 3).toFixed(1)}" y="${frame.top + 10}" class="tick">L${c.level} ${esc(formatBytes(c.sizeBytes))}</text>`,
    )
    .join('');
  const series = [
    { name: 're-touch on the same CPU (p50)', color: palette[0]! },
    { name: 're-touch after a move (p50)', color: palette[1]! },
  ];
  const drawn = lines
    .map((l, i) =>
      polyline(
        l.map(([vx, vy]) => [x(vx), y(vy)]),
        series[i]!.color,
        series[i]!.name,
      ),
    )
    .join('');
  const penalties = probe.derived
    .map(
      (d) =>
        `<tr><td>${esc(formatBytes(d.params[Param.workingSetBytes] ?? 0))}</td><td>${esc(formatNs(d.valueNs))}</td><td>${d.perCacheLineNs !== undefined ? esc(formatNs(d.perCacheLineNs)) : ''}</td></tr>`,
    )
    .join('');
  return `<section><h2>Migration: cache refill vs working-set size</h2><figure class="chart-migration">${svgOpen(frame, 'migration penalty vs working set')}${axes(frame, xTicks, yTicks, 'working set (log)', 're-touch time (log)')}${caches}${drawn}${legend(frame, series)}</svg><figcaption>Re-touch time of a dirtied working set in place and right after a move to another CPU; dashed lines mark the caches.</figcaption></figure>
<table><thead><tr><th>working set</th><th>penalty</th><th>per cache line</th></tr></thead><tbody>${penalties}</tbody></table></section>`;
}

function heatMap(doc: ResultsDocument): string {
  const metrics = doc.probes
    .filter((p) => p.probe === Probe.futexMatrix && p.status === 'ok')
    .flatMap((p) => p.metrics.filter((m) => m.metric === Metric.wakeLatency && m.summary));
  if (metrics.length === 0) return '';
  const cpus = [...new Set(metrics.flatMap((m) => [m.params[Param.fromCpu]!, m.params[Param.toCpu]!]))].sort(
    (a, b) => a - b,
  );
  const values = metrics.map((m) => m.summary!.valueNs);
  const lo = Math.min(...values),
    hi = Math.max(...values);
  const cell = Math.max(14, Math.min(48, Math.floor(480 / cpus.length)));
  const frame = { width: 60 + cell * cpus.length, height: 40 + cell * cpus.length };
  const colour = (v: number) => {
    const t = hi > lo ? (Math.log(v) - Math.log(lo)) / (Math.log(hi) - Math.log(lo)) : 0;
    return `hsl(${(220 - 220 * t).toFixed(0)}, 70%, ${(85 - 40 * t).toFixed(0)}%)`;
  };
  const cells = metrics
    .map((m) => {
      const i = cpus.indexOf(m.params[Param.toCpu]!),
        j = cpus.indexOf(m.params[Param.fromCpu]!);
      return `<rect x="${50 + i * cell}" y="${30 + j * cell}" width="${cell - 1}" height="${cell - 1}" fill="${colour(m.summary!.valueNs)}"><title>${esc(`CPU ${m.params[Param.fromCpu]} → ${m.params[Param.toCpu]}: p50 ${formatNs(m.summary!.valueNs)}`)}</title></rect>`;
    })
    .join('');
  const labels = cpus
    .map(
      (c, i) =>
        `<text x="${50 + i * cell + cell / 2}" y="24" class="tick" text-anchor="middle">${c}</text><text x="44" y="${30 + i * cell + cell / 2 + 3}" class="tick" text-anchor="end">${c}</text>`,
    )
    .join('');
  return `<section><h2>Core-to-core wake latency</h2><figure class="chart-heatmap"><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${frame.width} ${frame.height}" width="${frame.width}" height="${frame.height}" role="img" aria-label="futex wake heat map" class="chart">${labels}${cells}<text x="50" y="12" class="label">to CPU →, from CPU ↓</text></svg><figcaption>futex-wake p50 for each ordered CPU pair, ${esc(formatNs(lo))} (blue) to ${esc(formatNs(hi))} (red).</figcaption></figure></section>`;
}

function modelSection(doc: ResultsDocument): string {
  if (!doc.model) return '';
  const wake = doc.model.predictions.filter((p) => p.unit === 'ns' && p.quantity === Metric.wakeToRun);
  const frame: Frame = { width: 640, height: 40 + wake.length * 30, left: 260, right: 20, top: 24, bottom: 16 };
  const maxValue = Math.max(
    1,
    ...wake.flatMap((p) => [p.measured.p99 ?? p.measured.p50, p.predicted.p99 ?? p.predicted.p50]),
  );
  const x = linearScale([0, maxValue], [frame.left, frame.width - frame.right]);
  const bars = wake
    .map((p, i) => {
      const y0 = frame.top + i * 30;
      const label = `${p.strategy} ${paramsLabel(shownParams(doc, p.metricId, [Param.sliceNs, Param.schedulerOnWakerCpu]))}`;
      const bar = (value: number, p99: number | undefined, dy: number, cls: string, what: string) =>
        `<rect x="${frame.left}" y="${y0 + dy}" width="${(x(value) - frame.left).toFixed(1)}" height="10" class="${cls}"><title>${esc(`${what} p50 ${formatNs(value)}${p99 !== undefined ? `, p99 ${formatNs(p99)}` : ''}`)}</title></rect>` +
        (p99 !== undefined
          ? `<line x1="${x(value).toFixed(1)}" y1="${y0 + dy + 5}" x2="${x(p99).toFixed(1)}" y2="${y0 + dy + 5}" class="whisker"/>`
          : '');
      return `<text x="${frame.left - 6}" y="${y0 + 14}" class="tick" text-anchor="end">${esc(label)}</text>${bar(p.measured.p50, p.measured.p99, 0, 'measured', 'measured')}${bar(p.predicted.p50, p.predicted.p99, 11, 'predicted', 'model')}`;
    })
    .join('');
  const rows = doc.model.predictions
    .map((p) => {
      const fmt = (v: number | undefined) =>
        v === undefined
          ? ''
          : p.unit === 'ns'
            ? formatNs(v)
            : p.unit === 'fraction'
              ? `${(100 * v).toFixed(0)}%`
              : `${v.toFixed(0)}/s`;
      return `<tr><td>${esc(p.metricId)}</td><td>${esc(fmt(p.measured.p50))}</td><td>${esc(fmt(p.predicted.p50))}</td><td>${(100 * p.relativeErrorP50).toFixed(1)}%</td><td>${esc(fmt(p.measured.p99))}</td><td>${esc(fmt(p.predicted.p99))}</td><td><code>${esc(p.composition)}</code></td></tr>`;
    })
    .join('');
  const accuracy = doc.model.accuracy.length
    ? `<table><thead><tr><th>model error</th><th>statistic</th><th>median |error|</th><th>worst |error|</th><th>configurations</th></tr></thead><tbody>${doc.model.accuracy
        .map((a) => {
          const pct = (v: number) =>
            a.quantity === 'migratedFraction' ? `${(100 * v).toFixed(1)} pp` : `${(100 * v).toFixed(1)}%`;
          return `<tr><td>${esc(a.quantity)}</td><td>${a.statistic}</td><td>${pct(a.medianAbsoluteError)}</td><td>${pct(a.worstAbsoluteError)}</td><td>${a.predictions}</td></tr>`;
        })
        .join('')}</tbody></table>`
    : '';
  return `<section><h2>The strategies side by side</h2>${
    wake.length
      ? `<figure class="chart-model">${svgOpen(frame, 'model vs measured wake-to-run')}${bars}<text x="${frame.left}" y="14" class="legend">■ measured  ■ model (bars: p50, whiskers to p99)</text></svg><figcaption>Wake-to-run latency per strategy: measured on real threads, and composed by the model from the primitives of the same run.</figcaption></figure>`
      : ''
  }<h3>Model vs measurement</h3>${accuracy}<details><summary>Every prediction (${doc.model.predictions.length})</summary><table><thead><tr><th>metric</th><th>measured p50</th><th>model p50</th><th>error</th><th>measured p99</th><th>model p99</th><th>composition</th></tr></thead><tbody>${rows}</tbody></table></details></section>`;
}

function verdictsSection(doc: ResultsDocument): string {
  if (!doc.model) return '';
  const effect = (c: Claim) => {
    const e = c.effect;
    if (!e) return '';
    const v = (x: number) =>
      e.unit === 'ns' ? formatNs(x) : e.unit === 'fraction' ? `${(100 * x).toFixed(0)}%` : `${(100 * x).toFixed(0)}%`;
    return `${esc(e.quantity)}: <strong>${esc(v(e.value))}</strong> (${esc(v(e.low))} to ${esc(v(e.high))}, ${e.trials} trials)`;
  };
  const rows = doc.model.claims
    .map(
      (c) =>
        `<tr class="verdict-${c.verdict}"><td>${c.id}</td><td>${esc(c.claim)}</td><td><strong>${esc(c.verdict)}</strong><br><small>${esc(claimSourceText(c))}</small></td><td>${effect(c)}<br>${esc(c.summary)}<details><summary>rule</summary>${esc(c.rule)}</details></td></tr>`,
    )
    .join('');
  return `<section><h2>Verdicts on the proposal's claims</h2><table class="claims"><thead><tr><th>#</th><th>claim</th><th>verdict</th><th>effect and evidence</th></tr></thead><tbody>${rows}</tbody></table></section>`;
}

function idleExitSection(doc: ResultsDocument): string {
  const rows = doc.probes.flatMap((p) =>
    p.derived
      .filter((d) => d.name === DerivedName.idleExitCost)
      .map((d) => `<tr><td>${esc(p.probe)}</td><td>${esc(d.of ?? '')}</td><td>${esc(formatNs(d.valueNs))}</td></tr>`),
  );
  const idle = doc.host.idle;
  const states = idle
    ? `<p>cpuidle driver <code>${esc(idle.driver)}</code>, governor <code>${esc(idle.governor)}</code>; states: ${esc(
        (Object.values(idle.states)[0] ?? [])
          .map((st) => `${st.name} (exit ${formatNs(st.exitLatencyNs)})`)
          .join(', ') || 'none',
      )}.</p>`
    : '';
  if (!rows.length && !idle) return '';
  return `<section><h2>Leaving idle</h2>${states}${
    rows.length
      ? `<table><thead><tr><th>probe</th><th>metric</th><th>idle-exit cost (default − polling)</th></tr></thead><tbody>${rows.join('')}</tbody></table>`
      : '<p>The full suite measures the cross-CPU wakes with idle polling held too, and reports the difference here.</p>'
  }</section>`;
}

function compareSection(comparisons: NamedComparison[]): string {
  if (comparisons.length === 0) return '';
  const parts = comparisons.map(({ base, next, comparison: c }) => {
    const hosts = c.hostDifferences.length
      ? `<p class="warning">Different hosts: ${c.hostDifferences.map(esc).join('; ')}</p>`
      : '';
    const rows = c.rows
      .map(
        (r) =>
          `<tr class="verdict-${r.verdict === '~' ? 'same' : r.verdict}"><td>${esc(r.id)}</td><td>${esc(formatNs(r.base.valueNs))} [${esc(formatNs(r.base.ciNs[0]))}, ${esc(formatNs(r.base.ciNs[1]))}]</td><td>${esc(formatNs(r.next.valueNs))} [${esc(formatNs(r.next.ciNs[0]))}, ${esc(formatNs(r.next.ciNs[1]))}]</td><td>${Number.isFinite(r.changePct) ? `${r.changePct > 0 ? '+' : ''}${r.changePct.toFixed(1)}%` : '—'}</td><td>${esc(r.verdict === 'insufficient' ? `cannot judge: ${rowNotesText(r.notes)}` : r.verdict)}${r.verdict !== 'insufficient' && r.notes.length ? `<br><small>${esc(rowNotesText(r.notes))}</small>` : ''}</td></tr>`,
      )
      .join('');
    return `<h3>${esc(base)} → ${esc(next)}</h3>${hosts}<table><thead><tr><th>metric</th><th>${esc(base)}</th><th>${esc(next)}</th><th>change</th><th>verdict</th></tr></thead><tbody>${rows}</tbody></table>`;
  });
  const { alpha, thresholdPct, statistic } = comparisons[0]!.comparison.options;
  return `<section><h2>Comparison</h2><p>Medians over trials of each trial's ${esc(statistic)}, with distribution-free confidence intervals; changes judged across trials (Welch's test of log values, and the new trials' median against the baseline's spread), alpha ${alpha}, threshold ${thresholdPct}% (per-metric thresholds as given).</p>${parts.join('')}</section>`;
}

function hostSection(doc: ResultsDocument, name: string): string {
  const h = doc.host;
  const rows: [string, string][] = [
    ['file', name],
    ['started', doc.startedAt],
    ...(doc.migratedFrom !== undefined
      ? [
          ['schema', `data written as schemaVersion ${doc.migratedFrom}, migrated to ${doc.schemaVersion}`] as [
            string,
            string,
          ],
        ]
      : []),
    ['suite / trials', `${doc.config.suite} / ${doc.config.trials}${doc.complete ? '' : ' (interrupted: incomplete)'}`],
    ['host', h.hostname],
    ['kernel', `${h.kernel} ${h.kernelVersion}`],
    ['CPU', `${h.cpuModel} (${h.arch}), ${h.onlineCpus} online, allowed ${h.allowedCpus.join(',')}`],
    ['SMT siblings', h.smtSiblings.map((g) => g.join('+')).join(' ')],
    ['caches', h.caches.map((c) => `L${c.level} ${c.type} ${formatBytes(c.sizeBytes)}`).join(', ')],
    ['clock', `${h.clocksource}; CLOCK_MONOTONIC read ${formatNs(h.clock.readNsMedian)}`],
    ['virtualization', hypervisorName(h.virtualization)],
    ['timer slack', formatNs(h.timerSlackNs)],
    ['Node / addon', `${h.node} / ${h.addon.compiler}, ${h.addon.flags}`],
  ];
  const doctor = (doc.doctor ?? [])
    .filter((f) => f.severity !== 'ok')
    .map(
      (f) =>
        `<li class="severity-${f.severity}"><strong>${esc(f.title)}</strong>: ${esc(f.detail)} <em>${esc(f.advice)}</em></li>`,
    )
    .join('');
  const warnings = doc.warnings.map((w) => `<li>${esc(diagnosticText(w))}</li>`).join('');
  return `<section><table class="host">${rows.map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(v)}</td></tr>`).join('')}</table>${doctor ? `<h3>Doctor</h3><ul class="doctor">${doctor}</ul>` : ''}${warnings ? `<h3>Warnings</h3><ul>${warnings}</ul>` : ''}</section>`;
}

function latencySection(doc: ResultsDocument): string {
  const groups = new Map<string, { name: string; buckets: Bucket[] }[]>();
  const multiples: string[] = [];
  for (const p of doc.probes.filter((p: ProbeResult) => p.status === 'ok' && p.probe !== Probe.futexMatrix)) {
    for (const m of p.metrics) {
      const strategy = isStrategy(p.probe);
      if (strategy && m.metric !== Metric.wakeToRun) continue;
      const labelOf = (hidden: string[]) =>
        paramsLabel(Object.fromEntries(Object.entries(m.params).filter(([k]) => !hidden.includes(k))));
      const extra = labelOf([Param.gapMinNs, Param.gapMaxNs]);
      // One chart per probe and metric: placements and parameter sets overlaid.
      const key = strategy ? 'wake paths: wake-to-run latency by strategy' : `${p.probe} ${m.metric}`;
      // On the strategies' chart every curve has T's working set: it tells none apart.
      const strategyExtra = labelOf([Param.gapMinNs, Param.gapMaxNs, Param.workingSetBytes]);
      const curveName = strategy
        ? `${p.probe}${strategyExtra ? ` ${strategyExtra}` : ''}`
        : `${p.placement.kind}${extra ? ` ${extra}` : ''}`;
      const buckets = pooledBuckets(m);
      if (buckets.length === 0) continue;
      groups.set(key, [...(groups.get(key) ?? []), { name: curveName, buckets }]);
      if (!strategy)
        multiples.push(
          histogramMultiple(`${p.probe} ${m.metric} ${p.placement.kind}${extra ? ` ${extra}` : ''}`, buckets),
        );
    }
  }
  const charts = [...groups].map(([title, curves]) => cdfChart(title, curves)).join('');
  return `<section><h2>Latency distributions</h2><details open><summary>Cumulative distributions (log time axis), all trials pooled; placements and parameters of a probe overlaid</summary><div class="grid">${charts}</div></details><details><summary>Histograms (${multiples.length})</summary><div class="grid small">${multiples.join('')}</div></details></section>`;
}

const STYLE = `body{font:14px/1.45 system-ui,sans-serif;margin:24px auto;max-width:1200px;color:#222;padding:0 16px}
h1{font-size:22px}h2{font-size:18px;margin-top:32px;border-bottom:1px solid #ddd}h3{font-size:15px}
table{border-collapse:collapse;margin:8px 0;font-size:13px}td,th{border:1px solid #ddd;padding:3px 6px;text-align:left;vertical-align:top}
.grid{display:flex;flex-wrap:wrap;gap:12px}.grid figure{margin:0}figcaption{font-size:12px;color:#555;max-width:560px}
.chart{background:#fff;border:1px solid #eee}.axis{stroke:#444}.grid line,.chart .grid{stroke:#eee}.tick{font-size:10px;fill:#555}.label{font-size:11px;fill:#333}.legend{font-size:11px;fill:#222}
.bar{fill:#1f77b4}.measured{fill:#1f77b4}.predicted{fill:#ff7f0e}.whisker{stroke:#222;stroke-width:1}.cache{stroke:#999;stroke-dasharray:4 3}
.lede{color:#444}.simulated{fill:#cf222e;font-weight:bold}.chart-simulated .series{stroke-dasharray:6 3}.legend-row{font-size:12px;margin:4px 0}summary{cursor:pointer;color:#333}.verdict-qualified td:nth-child(3){color:#9a6700}.verdict-not-judged td:nth-child(3){color:#6e7781}.verdict-confirmed td:nth-child(3),.verdict-improved td:last-child{color:#1a7f37}.verdict-refuted td:nth-child(3),.verdict-regressed td:last-child{color:#cf222e}
.severity-warning{color:#9a6700}.warning{color:#cf222e;font-weight:bold}code{font-size:12px}
@media print{body{max-width:none}.grid{gap:4px}section{break-inside:avoid-page}}`;

/** Renders documents and, when given, their comparisons as computed by the caller with the user's options. */
export function renderHtmlReport(docs: NamedDocument[], comparisons: NamedComparison[] = []): string {
  const main = docs[docs.length - 1]!;
  const title = docs.length > 1 ? `schedcost: ${docs.map((d) => d.name).join(' vs ')}` : `schedcost: ${main.name}`;
  const h = main.doc.host;
  const lede = `<p class="lede">${esc(h.cpuModel)}, ${h.allowedCpus.length} CPUs, ${esc(hypervisorName(h.virtualization))}, kernel ${esc(h.kernel)}; ${esc(main.doc.config.suite)} suite, ${main.doc.config.trials} trials${main.doc.complete ? '' : ' (interrupted: incomplete)'}.</p>`;
  // The story first (verdicts, strategies, what leaving idle and migrating cost), then the details.
  const body = [
    `<h1>${esc(title)}</h1>`,
    lede,
    verdictsSection(main.doc),
    modelSection(main.doc),
    goHtmlSection(main.doc.go),
    simulationSection(main.doc),
    compareSection(comparisons),
    idleExitSection(main.doc),
    migrationChart(main.doc),
    heatMap(main.doc),
    latencySection(main.doc),
    `<section><h2>Hosts</h2>${docs.map((d) => `<details><summary>${esc(d.name)}</summary>${hostSection(d.doc, d.name)}</details>`).join('')}</section>`,
  ].join('\n');
  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(title)}</title><style>${STYLE}</style></head><body>\n${body}\n<footer><p>Generated by schedcost ${esc(main.doc.tool.version)}.</p></footer></body></html>\n`;
}
