import assert from 'node:assert/strict';
import { test } from 'node:test';
import { progressReporter } from '../../src/cli/progress.js';
import { compareDocuments } from '../../src/compare/compare.js';
import { renderHtmlReport } from '../../src/report/htmlReport.js';
import { escapeHtml } from '../../src/report/svg.js';
import type { ResultsDocument } from '../../src/results/schema.js';
import type { ProgressEvent } from '../../src/run.js';
import { quickRunFixture } from '../support/helpers.js';

const doc = quickRunFixture();
const count = (html: string, needle: string) => html.split(needle).length - 1;

test('the report renders every chart kind from a real run, self-contained', () => {
  const html = renderHtmlReport([{ name: 'run.json', doc }]);
  assert.match(html, /^<!doctype html>/);
  const crossCpu = doc.host.allowedCpus.length > 1;
  for (const section of [
    'Latency distributions',
    'Histograms',
    // The migration, the strategies, the model and the claims all need a second CPU.
    ...(crossCpu
      ? [
          'Migration: cache refill',
          'The strategies side by side',
          'Model vs measurement',
          "Verdicts on the proposal's claims",
        ]
      : []),
    'Leaving idle',
  ])
    assert.ok(html.includes(section), section);
  assert.ok(count(html, 'class="chart-cdf"') >= 5);
  assert.ok(count(html, 'class="chart-histogram"') >= 10);
  assert.equal(count(html, 'class="chart-migration"'), crossCpu ? 1 : 0);
  assert.equal(count(html, 'class="chart-heatmap"'), crossCpu ? 1 : 0);
  assert.doesNotMatch(html, /<script|https?:\/\/(?!www\.w3\.org\/2000\/svg)/, 'nothing to run or fetch at view time');
});

test('every string from a results file or the host is escaped', () => {
  const hostile: ResultsDocument = structuredClone(doc);
  hostile.host.cpuModel = '<script>alert(1)</script>';
  hostile.host.hostname = '"><img src=x onerror=alert(2)>';
  hostile.warnings.push({ code: 'text', params: { text: '<b>warning</b>' } });
  const html = renderHtmlReport([{ name: '<evil>.json', doc: hostile }]);
  assert.ok(!html.includes('<script>alert(1)'));
  assert.ok(!html.includes('<img src=x'));
  assert.ok(!html.includes('<b>warning</b>'));
  assert.ok(html.includes(escapeHtml('<script>alert(1)</script>')));
  assert.equal(escapeHtml(`<&>"'`), '&lt;&amp;&gt;&quot;&#39;');
});

test('given two files the report shows their comparison', () => {
  // The command computes the comparison with the user's options; the report renders it.
  const html = renderHtmlReport(
    [
      { name: 'base.json', doc },
      { name: 'new.json', doc },
    ],
    [{ base: 'base.json', next: 'new.json', comparison: compareDocuments(doc, doc) }],
  );
  assert.ok(html.includes('<h2>Comparison</h2>'));
  assert.ok(html.includes('base.json → new.json'));
});

test('progress: plain lines when not a TTY, nothing when quiet', () => {
  const lines: string[] = [];
  const stream = { isTTY: false, write: (s: string) => lines.push(s) } as unknown as NodeJS.WriteStream;
  const event: ProgressEvent = {
    phase: 'done',
    probe: 'syscall',
    placement: 'single-cpu',
    trial: 2,
    trials: 2,
    index: 0,
    total: 1,
    estimateMs: 1,
    totalEstimateMs: 2,
    status: 'ok',
  };
  const reporter = progressReporter(stream, false);
  reporter.update({ ...event, trial: 1 });
  reporter.update(event);
  reporter.stop();
  assert.deepEqual(lines, ['schedcost: syscall single-cpu: ok (2 trials)\n']);
  const quiet: string[] = [];
  progressReporter({ isTTY: true, write: (s: string) => quiet.push(s) } as unknown as NodeJS.WriteStream, true).update(
    event,
  );
  assert.deepEqual(quiet, []);
});
