// The simulation as a report renders it: an HTML section (charts of
// wake-to-run and throughput against the CPU count per strategy, every one
// marked simulated, with the topology assumption stated) and the terminal
// text. It renders a computed `simulation` section; it never simulates.
import type { Crossover, SimulatedRun, Simulation, ValidationRow } from '../simulate/simulationSchema.js';
import { renderTable } from '../format/textTable.js';
import { formatNs } from '../format/units.js';
import { Param } from '../catalogue/index.js';
import type { ResultsDocument } from '../results/schema.js';
import { metricLabel } from './metricLabel.js';
import { axes, escapeHtml as esc, logScale, logTicks, palette, polyline, svgOpen, type Frame } from './svg.js';

const limitText = 'the simulated figure within the stated tolerance of the measured one';

type Workload = 'wakes' | 'syscalls';

const rate = (v: number) =>
  v >= 1e6 ? `${+(v / 1e6).toPrecision(3)} M/s` : v >= 1e3 ? `${+(v / 1e3).toPrecision(3)} k/s` : `${v.toFixed(0)}/s`;
const pct = (v: number) => `${v >= 0 ? '+' : ''}${(100 * v).toFixed(1)}%`;
const ratioText = (r: number) => (r >= 10 ? r.toFixed(0) : r >= 1 ? r.toFixed(1) : r.toFixed(2));

function validationValue(row: ValidationRow, v: number | undefined): string {
  if (v === undefined) return '';
  return row.unit === 'ns' ? formatNs(v) : row.unit === 'fraction' ? `${(100 * v).toFixed(0)}%` : rate(v);
}

function errorText(row: ValidationRow, e: number | undefined): string {
  if (e === undefined) return '';
  return row.unit === 'fraction' ? `${e >= 0 ? '+' : ''}${(100 * e).toFixed(1)} pp` : pct(e);
}

/** What tells the validated configurations apart. */
const SHOWN = [Param.tasks, Param.tokens, Param.sliceNs, Param.schedulerOnWakerCpu];

function validationCells(doc: ResultsDocument, row: ValidationRow): string[] {
  return [
    metricLabel(doc, row.metricId, SHOWN, { placement: false }),
    row.quantity,
    validationValue(row, row.measured) +
      (row.measuredTrials
        ? ` (${validationValue(row, row.measuredTrials[0])}–${validationValue(row, row.measuredTrials[1])})`
        : ''),
    validationValue(row, row.simulated),
    validationValue(row, row.model),
    errorText(row, row.simulatedError),
    `${errorText(row, row.pairedErrors[1])} (${errorText(row, row.pairedErrors[0])} to ${errorText(row, row.pairedErrors[2])})`,
    errorText(row, row.modelError),
    errorText(row, row.tolerance).replace('+', '±'),
    row.agrees ? 'yes' : 'no',
  ];
}

const VALIDATION_HEADER = [
  'measured metric',
  'quantity',
  'measured (trials)',
  'simulated',
  'model',
  'sim error',
  'sim error per trial (median, range)',
  'model error',
  'tolerance',
  'agrees',
];

function runCells(r: SimulatedRun): string[] {
  return [
    r.workload + (r.scenario === 'idle polling' ? ' (idle polling)' : ''),
    r.strategy,
    String(r.cpus),
    String(r.tasks),
    String(r.procs),
    rate(r.throughputPerSecond),
    r.wakeToRunNs ? formatNs(r.wakeToRunNs.p50) : '—',
    r.wakeToRunNs ? formatNs(r.wakeToRunNs.p99) : '—',
    formatNs(r.schedulingNsPerOperation),
    `${(100 * r.schedulingCpuShare).toFixed(0)}%`,
    r.migrationsPerOperation.toFixed(2),
    r.futexWakesPerOperation.toFixed(2),
    String(r.threadsAlive),
  ];
}

const RUN_HEADER = [
  'workload',
  'strategy',
  'CPUs',
  'N',
  'P',
  'throughput',
  'wake→run p50',
  'p99',
  'sched CPU/op',
  'sched share',
  'migr/op',
  'FUTEX_WAKE/op',
  'threads',
];
const RUN_ALIGN = [
  'left',
  'left',
  'right',
  'right',
  'right',
  'right',
  'right',
  'right',
  'right',
  'right',
  'right',
  'right',
  'right',
] as const;

/** The simulation for a terminal: what it is, the validation, every run, the crossovers. */
export function simulationText(doc: ResultsDocument, sim: Simulation): string {
  const cells = (row: ValidationRow) => validationCells(doc, row);
  const validation = renderTable(VALIDATION_HEADER, sim.validation.rows.map(cells), [
    'left',
    'left',
    'right',
    'right',
    'right',
    'right',
    'right',
    'right',
    'left',
  ]);
  const runs = renderTable(RUN_HEADER, sim.runs.map(runCells), [...RUN_ALIGN]);
  const perf = sim.performance;
  return [
    `SIMULATED, not measured: primitives from ${sim.source.document} (${sim.source.host}, ${sim.source.cpusMeasured} CPUs, ${sim.source.startedAt}), seed ${sim.seed}.`,
    `Topology: ${sim.topology.assumption}.`,
    '',
    `Validation on the configurations measured on this host, each trial simulated from its own round's primitives (${sim.validation.passed} of ${sim.validation.rows.length} agree: ${limitText}):`,
    validation,
    ...sim.validation.missingMechanisms.map((m) => `missing: ${m}`),
    '',
    'Simulated runs:',
    runs,
    '',
    'Crossovers (N/C = tasks per CPU):',
    ...sim.crossovers.map(
      (c) => `  ${c.workload}${c.scenario === 'idle polling' ? ' (idle polling)' : ''} ${c.quantity}: ${c.summary}`,
    ),
    '',
    ...sim.notes.map((n) => `note: ${n}`),
    `${(perf.events / 1e6).toFixed(1)} M events in ${(perf.wallMs / 1000).toFixed(1)} s (${(perf.eventsPerSecond / 1e6).toFixed(2)} M events/s${perf.peakRssBytes ? `, peak RSS ${(perf.peakRssBytes / 2 ** 20).toFixed(0)} MiB` : ''}).`,
  ].join('\n');
}

const colour = (i: number) => palette[i % palette.length]!;

/** One legend for a row of charts (inside each chart it would cover the rising lines). */
function legendRow(strategies: string[]): string {
  return `<p class="legend-row">${strategies
    .map((s, i) => `<span style="color:${colour(i)}">■</span> ${esc(s)}`)
    .join(' &nbsp; ')} <em>(simulated)</em></p>`;
}

const FRAME: Frame = { width: 280, height: 190, left: 66, right: 10, top: 22, bottom: 36 };

/** One small chart: a quantity against the CPU count (both log), a line per strategy, at one N/C. */
function chart(
  strategies: string[],
  runs: SimulatedRun[],
  title: string,
  yLabel: string,
  value: (r: SimulatedRun) => number | undefined,
  format: (v: number) => string,
): string {
  const lines = strategies.map((s) =>
    runs
      .filter((r) => r.strategy === s)
      .flatMap((r) => {
        const v = value(r);
        return v !== undefined && v > 0 ? [[r.cpus, v] as [number, number]] : [];
      })
      .sort((a, b) => a[0] - b[0]),
  );
  const points = lines.flat();
  if (points.length === 0) return '';
  const xDomain: [number, number] = [Math.min(...points.map((p) => p[0])), Math.max(...points.map((p) => p[0]))];
  const lo = Math.min(...points.map((p) => p[1])),
    hi = Math.max(...points.map((p) => p[1]));
  const yDomain: [number, number] = [lo / 1.2, hi * 1.2];
  const x = logScale(xDomain, [FRAME.left, FRAME.width - FRAME.right]);
  const y = logScale(yDomain, [FRAME.height - FRAME.bottom, FRAME.top]);
  const cpus = [...new Set(points.map((p) => p[0]))];
  const xTicks = cpus.map((c) => ({ at: x(c), label: String(c) }));
  const decades = logTicks(yDomain).filter((_, i, all) => all.length < 7 || i % 2 === 0);
  // A range narrower than the 1-2-5 steps: label its ends.
  const yTicks = (decades.length ? decades : [lo, hi]).map((v) => ({ at: y(v), label: format(v) }));
  const series = strategies.map((s, i) => ({ name: s, color: colour(i) }));
  const drawn = lines
    .map((l, i) =>
      polyline(
        l.map(([cx, cy]) => [x(cx), y(cy)]),
        series[i]!.color,
        `${series[i]!.name} (simulated)`,
      ),
    )
    .join('');
  const marks = lines
    .flatMap((l, i) =>
      l.map(
        ([cx, cy]) =>
          `<circle cx="${x(cx).toFixed(1)}" cy="${y(cy).toFixed(1)}" r="2.5" fill="${series[i]!.color}"><title>${esc(`${series[i]!.name}, ${cx} CPUs: ${format(cy)} (simulated)`)}</title></circle>`,
      ),
    )
    .join('');
  const midX = (FRAME.left + FRAME.width - FRAME.right) / 2,
    midY = (FRAME.top + FRAME.height - FRAME.bottom) / 2;
  // A watermark across the plot: no reader takes these lines for measurements.
  const stamp = `<text x="${midX}" y="${midY}" class="label simulated" text-anchor="middle" dominant-baseline="middle" opacity="0.18" font-size="26" transform="rotate(-18 ${midX} ${midY})">SIMULATED</text><text x="${FRAME.left}" y="${FRAME.top - 8}" class="label">${esc(title)}</text>`;
  return `<figure class="chart-simulated">${svgOpen(FRAME, `${title} (simulated)`)}${axes(FRAME, xTicks, yTicks, 'CPUs (log)', yLabel)}${drawn}${marks}${stamp}</svg></figure>`;
}

function charts(sim: Simulation, workload: Workload, scenario: string): string {
  const runs = sim.runs.filter((r) => r.workload === workload && r.scenario === scenario);
  if (runs.length === 0) return '';
  // One chart per N/C of the sweep (small CPU counts round N, so each run goes to the nearest requested ratio).
  const byRatio = sim.options.tasksPerCpu.map((ratio) => ({
    ratio,
    runs: runs.filter((r) => {
      const nearest = sim.options.tasksPerCpu.reduce((a, b) =>
        Math.abs(Math.log(b) - Math.log(r.tasks / r.cpus)) < Math.abs(Math.log(a) - Math.log(r.tasks / r.cpus)) ? b : a,
      );
      return nearest === ratio;
    }),
  }));
  const strategies = [...new Set(runs.map((r) => r.strategy))];
  const label = workload === 'wakes' ? `wake-heavy (${sim.options.pattern})` : 'syscall-heavy';
  // The syscall loop's wake → run is the wait for a P after the syscall: zero at its median for most
  // strategies, so its tail (p99) is what tells them apart.
  const [what, pick]: [string, (r: SimulatedRun) => number | undefined] =
    workload === 'wakes'
      ? ['wake→run p50', (r) => r.wakeToRunNs?.p50]
      : ['syscall return→run p99', (r) => r.wakeToRunNs?.p99];
  const latency = byRatio
    .map((g) => chart(strategies, g.runs, `${what}, N/C ${ratioText(g.ratio)}`, `${what} (log)`, pick, formatNs))
    .join('');
  const throughput = byRatio
    .map((g) =>
      chart(
        strategies,
        g.runs,
        `throughput, N/C ${ratioText(g.ratio)}`,
        'operations/s (log)',
        (r) => r.throughputPerSecond,
        rate,
      ),
    )
    .join('');
  return `<h3>${esc(label)} workload${scenario === 'idle polling' ? ', idle polling' : ''} (simulated)</h3>${legendRow(strategies)}<div class="grid small">${latency}</div><div class="grid small">${throughput}</div>`;
}

function crossoverItems(crossovers: Crossover[]): string {
  return crossovers
    .map(
      (c) =>
        `<li>${esc(c.workload)}${c.scenario === 'idle polling' ? ' (idle polling)' : ''}, ${esc(c.quantity)}: ${esc(c.summary)}</li>`,
    )
    .join('');
}

/** The HTML section: simulated figures, clearly apart from the measurements. */
export function simulationSection(doc: ResultsDocument): string {
  const sim = doc.simulation;
  if (!sim) return '';
  const table = (header: string[], rows: string[][]) =>
    `<table><thead><tr>${header.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows
      .map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`)
      .join('')}</tbody></table>`;
  const validation = table(
    VALIDATION_HEADER,
    sim.validation.rows.map((row) => validationCells(doc, row)),
  );
  const missing = sim.validation.missingMechanisms.map((m) => `<li>${esc(m)}</li>`).join('');
  const inputs = table(
    ['primitive', 'p50', 'drawn from'],
    sim.inputs.map((i) => [i.name, formatNs(i.p50Ns), i.source]),
  );
  const workloads = (['wakes', 'syscalls'] as const)
    .flatMap((w) => sim.scenarios.map((s) => charts(sim, w, s)))
    .join('');
  return `<section class="simulation"><h2>Simulated: the strategies beyond this host</h2>
<p class="warning">${esc(sim.note)}. Source: ${esc(sim.source.document)} (${esc(sim.source.host)}, ${sim.source.cpusMeasured} CPUs measured); seed ${sim.seed}.</p>
<p><strong>Topology assumption:</strong> ${esc(sim.topology.assumption)}.</p>
${workloads}
<h3>Crossovers (N/C = tasks per CPU)</h3><ul>${crossoverItems(sim.crossovers)}</ul>
<h3>Validation on this host's measured configurations</h3><p>${sim.validation.passed} of ${sim.validation.rows.length} agree (${limitText}).</p>${validation}${missing ? `<ul>${missing}</ul>` : ''}
<details><summary>Every simulated run</summary>${table(RUN_HEADER, sim.runs.map(runCells))}</details>
<details><summary>Assumptions and inputs</summary><ul>${sim.assumptions.map((a) => `<li>${esc(a)}</li>`).join('')}${sim.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>${inputs}</details></section>`;
}
