// The real Go runtime beside the emulation: a terminal table and an HTML
// section. They render GoResults as computed (withCounterparts fills the
// emulation's figures); nothing here measures or looks anything up.
import type { GoMeasurement, GoResults } from '../go/goResultsSchema.js';
import { renderTable } from '../format/textTable.js';
import { formatNs, formatParam } from '../format/units.js';
import { Param, Probe } from '../catalogue/index.js';
import { diagnosticText } from './diagnosticText.js';
import { escapeHtml as esc } from './svg.js';

function formatRate(perSecond: number): string {
  if (perSecond >= 1e5) return `${(perSecond / 1000).toFixed(0)}k/s`;
  if (perSecond >= 1000) return `${(perSecond / 1000).toFixed(1)}k/s`;
  return `${perSecond.toFixed(0)}/s`;
}

function formatValue(m: GoMeasurement, value: number): string {
  return m.unit === 'ns' ? formatNs(value) : formatRate(value);
}

const RECEIVER_LABEL: Record<string, string> = {
  unlocked: 'unlocked',
  locked: 'locked',
  bothLocked: 'both locked',
};

/** A short name for a row: what was measured and how it differs from its siblings. */
function measurementLabel(m: GoMeasurement): string {
  const c = m.config;
  switch (m.kind) {
    case 'wake': {
      const slice = Number(c[Param.sliceNs] ?? 0);
      const waker = c.waker === 'busy' ? `busy ${formatNs(slice)}` : 'parks';
      return `chan wake: receiver ${RECEIVER_LABEL[String(c.receiver)] ?? String(c.receiver)}, waker ${waker}`;
    }
    case 'syscallThroughput':
      return `${String(c.api)} nanosleep${c[Param.syscallNs] !== undefined ? ` ${formatNs(Number(c[Param.syscallNs]))}` : ''}, ${String(c[Param.tasks])} goroutine${Number(c[Param.tasks]) > 1 ? 's' : ''}`;
    case 'retake':
      return `sysmon retake (${formatNs(Number(c[Param.syscallNs]))} syscall)`;
    case 'placement':
      return `chan wake: receiver unlocked, sender runs ${formatNs(Number(c[Param.sliceNs]))} then yields`;
  }
}

const SHOWN_PARAMS = new Set<string>([Param.sliceNs, Param.schedulerOnWakerCpu, Param.tasks, Param.tokens]);

function counterpartLabel(m: GoMeasurement): string {
  const cp = m.counterpart;
  const params = Object.entries(cp.params)
    .filter(([k]) => SHOWN_PARAMS.has(k))
    .map(([k, v]) => formatParam(k, v))
    .join(', ');
  const what = cp.quantity === 'throughput' ? 'throughput' : cp.metric;
  return `${cp.probe} ${what}${params ? ` (${params})` : ''}`;
}

interface Row {
  label: string;
  gomaxprocs: string;
  go: string;
  p99: string;
  spread: string;
  onWakerCpu: string;
  counterpart: string;
  emulation: string;
  ratio: string;
  note: string;
}

/** Letters a, b, ... for the distinct points of the notes (rows share most of them), in order of first use. */
function footnotes(go: GoResults): { letter: (m: GoMeasurement) => string; list: [string, string][] } {
  const letters = new Map<string, string>();
  const name = (i: number) => (i < 26 ? String.fromCharCode(97 + i) : `a${i - 25}`);
  for (const m of go.measurements)
    for (const point of m.counterpart.notes) if (!letters.has(point)) letters.set(point, name(letters.size));
  return {
    letter: (m) => m.counterpart.notes.map((point) => letters.get(point)!).join(','),
    list: [...letters].map(([point, letter]) => [letter, point]),
  };
}

function rows(go: GoResults, letter: (m: GoMeasurement) => string): Row[] {
  return go.measurements.map((m) => {
    const e = m.counterpart.emulated;
    return {
      label: measurementLabel(m),
      gomaxprocs: String(m.gomaxprocs),
      go: m.perRound.length ? formatValue(m, m.value) : '—',
      p99: m.unit === 'ns' && m.samples.n > 0 ? formatNs(m.samples.p99) : '',
      spread: m.perRound.length ? `${formatValue(m, m.spread[0])}–${formatValue(m, m.spread[1])}` : '',
      onWakerCpu:
        m.extra.ranOnWakerCpuFraction !== undefined ? `${(100 * m.extra.ranOnWakerCpuFraction).toFixed(0)}%` : '',
      counterpart: counterpartLabel(m),
      emulation: e ? formatValue(m, e.value) : '—',
      ratio: e && m.value > 0 ? `${e.ratio.toFixed(2)}×` : '',
      note: `${letter(m)} ${m.counterpart.likeness}`,
    };
  });
}

/** Why the emulation column is empty, when every row gives the same reason. */
function sharedMissing(go: GoResults): string | undefined {
  const reasons = new Set(go.measurements.map((m) => missingText(m)));
  const only = reasons.size === 1 ? [...reasons][0] : undefined;
  return only;
}

function missingText(m: GoMeasurement): string | undefined {
  return m.counterpart.emulatedMissing && diagnosticText(m.counterpart.emulatedMissing);
}

/** How the Go program measured, from what it recorded. */
function methodNotes(go: GoResults): string[] {
  const [waker, home] = go.cpus ?? [];
  const placement =
    home === undefined
      ? `One CPU (${waker}): every thread on it; the cross-CPU cases are skipped.`
      : `Threads pinned: at GOMAXPROCS 1 every unlocked thread on CPU ${waker} (the waker’s), at GOMAXPROCS 2 on CPUs ${waker} and ${home}; a locked receiver’s thread on CPU ${home} (T’s home), a locked sender’s on CPU ${waker}; the syscall loops and sysmon on both.`;
  const gapMin = go.params?.[Param.gapMinNs],
    gapMax = go.params?.[Param.gapMaxNs];
  const dedicated = go.dedicatedEmulated
    ? ` The emulation measured ${formatNs(go.dedicatedEmulated.p50Ns)} (p50, ${go.dedicatedEmulated.metricId}).`
    : '';
  return [
    ...(go.clock
      ? [
          `Times are time.Now() monotonic readings; one reading costs ${formatNs(go.clock.readNsMedian)} (median; not subtracted).`,
        ]
      : []),
    ...(waker !== undefined ? [placement] : []),
    ...(gapMin !== undefined && gapMax !== undefined && go.timerSlackNs !== undefined
      ? [
          `Idle gaps of ${formatNs(gapMin)}–${formatNs(gapMax)} are slept with RawSyscall(nanosleep) at 1 ns timer slack, the P kept; the runtime’s own sleeps keep the default ${formatNs(go.timerSlackNs)} slack.`,
        ]
      : []),
    'The garbage collector is off while measuring (debug.SetGCPercent(-1)).',
    ...(go.measurements.some((m) => m.kind === 'placement')
      ? [
          'Sender runs then yields: each of the two goroutines keeps its own P (the sender spins until the receiver announces it is about to block); after the send the sender runs for the slice and yields (runtime.Gosched); the receiver notes the CPU and thread it ran on and re-touches its working set; a time budget per slice and round keeps fewer wakes at long slices.',
        ]
      : []),
    ...(go.measurements.some((m) => m.kind === 'syscallThroughput' && m.config.api === 'Handoff')
      ? [
          'Syscall paths: each is the runtime’s own (entersyscall, entersyscallblock, exitsyscall through go:linkname, as gVisor calls them) around a raw nanosleep, with the clock read inside, so that entry and exit are timed apart.',
        ]
      : []),
    `${Probe.wakeDedicated} has no Go counterpart (Go has no DedicateOSThread); the nearest path is a locked receiver woken by a sender that parks (one futex wake).${dedicated}`,
  ];
}

function header(go: GoResults): string {
  const parts = [
    go.toolchain ? `${go.toolchain.version} (${go.toolchain.go})` : '',
    go.cpus ? (go.cpus.length > 1 ? `CPUs ${go.cpus.join(', ')} (waker, T's home)` : `CPU ${go.cpus[0]} only`) : '',
    go.rounds ? `${go.rounds} rounds` : '',
    go.clock ? `time.Now() ${formatNs(go.clock.readNsMedian)}` : '',
  ].filter(Boolean);
  return parts.join('; ');
}

/** The terminal table: each Go measurement beside its emulated counterpart. */
export function goText(go: GoResults): string {
  if (go.skipped) return `Go: not measured: ${diagnosticText(go.skipped)}`;
  if (go.failed) return `Go: no results: ${diagnosticText(go.failed)}`;
  const notes = footnotes(go);
  const table = renderTable(
    [
      'Go measurement',
      'GOMAXPROCS',
      'Go p50',
      'p99',
      'rounds',
      'on waker CPU',
      'emulated counterpart',
      'emulation',
      'emu/Go',
      'note',
    ],
    rows(go, notes.letter).map((r) => [
      r.label,
      r.gomaxprocs,
      r.go,
      r.p99,
      r.spread,
      r.onWakerCpu,
      r.counterpart,
      r.emulation,
      r.ratio,
      r.note,
    ]),
    ['left', 'right', 'right', 'right', 'right', 'right', 'left', 'right', 'right', 'left'],
  );
  const missing = sharedMissing(go);
  const lines = [
    `Go runtime beside the emulation: ${header(go)}`,
    '',
    table,
    '',
    'Go p50: median over rounds of each round’s p50 (throughput: of each round’s iterations per second); rounds: smallest–largest of them; on waker CPU: wakes in which the receiver ran on the CPU the sender sent from.',
    ...(missing ? [`emulation: ${missing}`] : []),
    ...go.measurements
      .filter((m) => !missing && m.counterpart.emulatedMissing)
      .map((m) => `emulation of ${measurementLabel(m)}: ${missingText(m)!}`),
    ...notes.list.map(([letter, note]) => `${letter}: ${note}`),
    ...go.skippedMeasurements.map((s) => `skipped: ${s.what}: ${diagnosticText(s.reason)}`),
    ...methodNotes(go),
  ];
  return lines.join('\n');
}

/** The HTML section (for the report); empty when there are no Go results. */
export function goHtmlSection(go: GoResults | undefined): string {
  if (!go) return '';
  const title = '<h2>The real Go runtime beside the emulation</h2>';
  if (go.skipped) return `<section>${title}<p>Not measured: ${esc(diagnosticText(go.skipped))}</p></section>`;
  if (go.failed)
    return `<section>${title}<p class="warning">No results: ${esc(diagnosticText(go.failed))}</p></section>`;
  const notes = footnotes(go);
  const body = rows(go, notes.letter)
    .map(
      (r) =>
        `<tr><td>${esc(r.label)}</td><td>${esc(r.gomaxprocs)}</td><td>${esc(r.go)}</td><td>${esc(r.p99)}</td><td>${esc(r.spread)}</td><td>${esc(r.onWakerCpu)}</td><td>${esc(r.counterpart)}</td><td>${esc(r.emulation)}</td><td>${esc(r.ratio)}</td><td>${esc(r.note)}</td></tr>`,
    )
    .join('');
  const missing = sharedMissing(go);
  const list = [
    ...(missing ? [`emulation: ${missing}`] : []),
    ...notes.list.map(([letter, note]) => `${letter}: ${note}`),
    ...go.skippedMeasurements.map((s) => `skipped: ${s.what}: ${diagnosticText(s.reason)}`),
    ...methodNotes(go),
  ]
    .map((n) => `<li>${esc(n)}</li>`)
    .join('');
  return `<section class="go">${title}<p>${esc(header(go))}. Go p50: median over rounds of each round’s p50 (throughput: iterations per second); rounds: their smallest–largest.</p><table><thead><tr><th>Go measurement</th><th>GOMAXPROCS</th><th>Go p50</th><th>p99</th><th>rounds</th><th>receiver on the waker’s CPU</th><th>emulated counterpart</th><th>emulation</th><th>emulation/Go</th><th>note</th></tr></thead><tbody>${body}</tbody></table><ul>${list}</ul></section>`;
}
