// `schedcost simulate`: the strategies simulated at other CPU counts from
// the primitives of a results document (or of a fresh quick run), validated
// on the configurations it measured; a table, and with --json the document
// with its `simulation` section. A progress bar on a terminal.
import { readFileSync, statSync } from 'node:fs';
import { SingleBar } from 'cli-progress';
import { UsageError } from '../errors.js';
import { readDocument } from './readDocument.js';
import type { ResultsDocument } from '../results/schema.js';
import { writeFileAtomic } from '../results/writeAtomic.js';
import { run } from '../run.js';
import { defaultOptions, flatTopology, SimulationJob, topologyFrom, type SimulateOptions } from '../simulate/index.js';
import { simulationText } from '../report/simulationSection.js';
import { checkOutputPath } from './outputTarget.js';
import { colourEnabled } from './terminal.js';

export interface SimulateCommandOptions {
  from?: string;
  topology?: string;
  cpus?: number[];
  tasksPerCpu?: number[];
  procs?: number;
  computeNs?: number;
  syscallNs?: number;
  pattern?: 'ring' | 'pairs';
  messagesPerTask?: number;
  workingSetBytes?: number;
  workloads?: ('wakes' | 'syscalls')[];
  events?: number;
  seed?: number;
  kernelSliceNs?: number;
  trials?: number;
  json?: string;
  pretty?: boolean;
  force?: boolean;
  quiet?: boolean;
}

const MAX_TOPOLOGY_BYTES = 64 * 1024 * 1024;
const CHUNK_EVENTS = 200_000;

function readTopology(path: string) {
  let text: string;
  try {
    if (statSync(path).size > MAX_TOPOLOGY_BYTES) throw new UsageError(`${path} is too large for a topology`);
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  return topologyFrom(text, path);
}

function optionsOf(o: SimulateCommandOptions, seed: number): SimulateOptions {
  const defaults = defaultOptions(o.seed ?? seed);
  return {
    ...defaults,
    ...(o.cpus ? { cpus: o.cpus } : {}),
    ...(o.tasksPerCpu ? { tasksPerCpu: o.tasksPerCpu } : {}),
    ...(o.procs !== undefined ? { procs: o.procs } : {}),
    ...(o.computeNs !== undefined ? { computeNs: o.computeNs } : {}),
    ...(o.syscallNs !== undefined ? { syscallNs: o.syscallNs } : {}),
    ...(o.pattern ? { pattern: o.pattern } : {}),
    ...(o.messagesPerTask !== undefined ? { messagesPerTask: o.messagesPerTask } : {}),
    ...(o.workingSetBytes !== undefined ? { workingSetBytes: o.workingSetBytes } : {}),
    ...(o.workloads ? { workloads: o.workloads } : {}),
    ...(o.events !== undefined ? { eventsPerRun: o.events } : {}),
    ...(o.kernelSliceNs !== undefined ? { kernelSliceNs: o.kernelSliceNs } : {}),
  };
}

async function runJob(job: SimulationJob, quiet: boolean): Promise<void> {
  const stream = process.stderr;
  const bar =
    !quiet && stream.isTTY
      ? new SingleBar({
          stream,
          format: '{bar} {percentage}% | {label} | ETA {eta_formatted}',
          hideCursor: true,
          clearOnComplete: true,
          etaBuffer: 20,
          ...(colourEnabled(stream)
            ? { barCompleteChar: '█', barIncompleteChar: '░' }
            : { barCompleteChar: '#', barIncompleteChar: '-' }),
        })
      : undefined;
  bar?.start(job.totalEvents, 0, { label: job.label });
  if (!quiet && !bar)
    stream.write(
      `schedcost simulate: ${job.specs.length} configurations, ${(job.totalEvents / 1e6).toFixed(1)} M events\n`,
    );
  while (!job.advance(CHUNK_EVENTS)) {
    bar?.update(job.eventsDone, { label: job.label });
    // Let the bar redraw between chunks.
    await new Promise((resolve) => setImmediate(resolve));
  }
  bar?.update(job.totalEvents, { label: 'done' });
  bar?.stop();
}

export async function simulateCommand(o: SimulateCommandOptions): Promise<void> {
  if (o.json) checkOutputPath(o.json, Boolean(o.force));
  const topology = o.topology ? readTopology(o.topology) : flatTopology();
  let doc: ResultsDocument;
  let name: string;
  if (o.from) {
    doc = readDocument(o.from);
    name = o.from;
  } else {
    if (!o.quiet) process.stderr.write('schedcost simulate: measuring the quick suite for the primitives...\n');
    doc = await run({ suite: 'quick', trials: o.trials ?? 3 });
    name = 'a quick run just now';
  }
  const options = optionsOf(o, doc.config.seed);
  const started = performance.now();
  const job = new SimulationJob(doc, name, options, topology);
  await runJob(job, Boolean(o.quiet) || o.json === '-');
  const simulation = job.result({
    wallMs: performance.now() - started,
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
  });
  if (o.json) {
    const written = { ...doc, simulation };
    const text = `${o.pretty ? JSON.stringify(written, null, 2) : JSON.stringify(written)}\n`;
    if (o.json === '-') process.stdout.write(text);
    else writeFileAtomic(o.json, text);
  }
  if (!o.quiet && o.json !== '-') process.stdout.write(`${simulationText(doc, simulation)}\n`);
}
