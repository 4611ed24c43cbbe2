import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Counter, Metric, Param, Probe } from '../../src/catalogue/index.js';
import { headlines } from '../../src/export/headlines.js';
import { EXPORT_FORMATS, renderExport } from '../../src/export/formats.js';
import { formatHeadline } from '../../src/cli/exportText.js';
import { documentOf, five, metric, probe, withCounters } from '../support/fixtures.js';
import { quickRunFixturePath } from '../support/helpers.js';
import type * as LibraryApi from '../../src/index.js';

const tasks = { [Param.tasks]: 4 };
const doc = documentOf([
  probe(Probe.futexWake, [metric('futex-wake/wakeLatency@cross-cpu', Metric.wakeLatency, five(20000))]),
  probe(Probe.syscallHold, [
    withCounters(metric('syscall/hold/iteration@cross-cpu{tasks=4}', Metric.iteration, five(50000), tasks), [
      { [Counter.iterations]: 20000, [Counter.wallNs]: 1e9 },
    ]),
  ]),
]);

test('headlines: latencies lower-is-better, syscall-path throughput higher-is-better, a glob filter', () => {
  const rows = headlines(doc);
  assert.deepEqual(
    rows.map((h) => [h.id, h.unit, h.better]),
    [
      ['futex-wake/wakeLatency@cross-cpu', 'ns', 'lower'],
      ['syscall/hold/iteration@cross-cpu{tasks=4}', 'ns', 'lower'],
      ['syscall/hold/throughput@cross-cpu{tasks=4}', 'per-second', 'higher'],
    ],
  );
  assert.equal(rows[2]!.value, 20000);
  assert.deepEqual(
    headlines(doc, 'syscall/*').map((h) => h.id),
    rows.slice(1).map((h) => h.id),
  );
});

test('github-action-benchmark: range as "± x", throughput in the bigger-is-better file', () => {
  const smaller = JSON.parse(renderExport(headlines(doc), 'github-action-benchmark', formatHeadline)) as {
    name: string;
    range: string;
  }[];
  assert.equal(smaller.length, 2);
  assert.match(smaller[0]!.range, /^± \d/);
  const bigger = JSON.parse(renderExport(headlines(doc), 'github-action-benchmark-bigger', formatHeadline)) as {
    unit: string;
  }[];
  assert.deepEqual(
    bigger.map((b) => b.unit),
    ['ops/s'],
  );
});

test('bencher: latency and throughput measures; csv quotes what needs quoting; markdown is a table', () => {
  const bmf = JSON.parse(renderExport(headlines(doc), 'bencher', formatHeadline)) as Record<
    string,
    Record<string, unknown>
  >;
  assert.ok(bmf['futex-wake/wakeLatency@cross-cpu']!.latency);
  assert.ok(bmf['syscall/hold/throughput@cross-cpu{tasks=4}']!.throughput);
  const csv = renderExport(headlines(doc), 'csv', formatHeadline).trim().split('\n');
  assert.equal(csv.length, 4);
  assert.match(csv[0]!, /^id,probe,metric,placement,params,stat,unit,better,value,low,high/);
  assert.match(csv[1]!, /^futex-wake\/wakeLatency@cross-cpu,futex-wake,wakeLatency,cross-cpu,,p50,ns,lower,20000,/);
  const md = renderExport(headlines(doc), 'markdown', formatHeadline);
  assert.match(md, /^\| metric \| statistic \| median over trials \|/);
  assert.match(md, /\| `futex-wake\/wakeLatency@cross-cpu` \| p50 \| 20\.0 µs \|/);
  for (const format of EXPORT_FORMATS) assert.ok(renderExport([], format, formatHeadline).length > 0);
});

test('the library API, loaded by package name as a user would, reads, compares, exports, renders and models a real run', async () => {
  // The package's own name resolves through package.json "exports", so a
  // wrong entry or a missing re-export fails here as it would for a user.
  const packageName = 'schedcost';
  const api = (await import(packageName)) as typeof LibraryApi;
  const doc = api.readResults(quickRunFixturePath);
  const comparison = api.compareDocuments(doc, doc);
  assert.ok(comparison.rows.length > 0);
  assert.equal(api.compareExitCode([comparison], 'regression', false), 0);
  const csv = api.renderExport(api.headlines(doc), 'csv', (_h, v) => String(v));
  assert.equal(csv.trim().split('\n').length, api.headlines(doc).length + 1);
  assert.match(api.renderHtmlReport([{ name: 'quick', doc }]), /^<!doctype html>/i);
  assert.ok((api.modelOf(doc)?.predictions.length ?? 0) > 0);
  assert.equal(api.ExitCode.notComparable, 3);
});

test("tails in every export: --stat p99 and max carry each trial's statistic, named apart from the p50", () => {
  // Each trial's p99 is twice its p50 and its largest sample four times: what a latency user charts.
  const tails = metric('futex-wake/wakeLatency@cross-cpu', Metric.wakeLatency, five(20000));
  for (const t of tails.trials) t.statsNs = { ...t.statsNs!, p99: 2 * t.statsNs!.p50, max: 4 * t.statsNs!.p50 };
  const tailDoc = documentOf([probe(Probe.futexWake, [tails])]);
  const rows = headlines(tailDoc, undefined, ['p50', 'p99', 'max']);
  assert.deepEqual(
    rows.map((h) => [h.id, h.stat, h.value]),
    [
      ['futex-wake/wakeLatency@cross-cpu', 'p50', 20000],
      ['futex-wake/wakeLatency@cross-cpu#p99', 'p99', 40000],
      ['futex-wake/wakeLatency@cross-cpu#max', 'max', 80000],
    ],
  );
  const p99 = headlines(tailDoc, undefined, ['p99']);
  assert.match(renderExport(p99, 'csv', formatHeadline), /#p99,futex-wake,wakeLatency,cross-cpu,,p99,ns,lower,40000,/);
  const action = JSON.parse(renderExport(p99, 'github-action-benchmark', formatHeadline)) as {
    name: string;
    value: number;
  }[];
  assert.deepEqual(
    action.map((a) => [a.name, a.value]),
    [['futex-wake/wakeLatency@cross-cpu#p99', 40000]],
  );
  const bmf = JSON.parse(renderExport(rows, 'bencher', formatHeadline)) as Record<string, Record<string, unknown>>;
  assert.ok(bmf['futex-wake/wakeLatency@cross-cpu#p99']!['latency-p99']);
});
