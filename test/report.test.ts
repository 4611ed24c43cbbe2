import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { progressReporter } from '../src/cli/progress.js';
import { compareDocuments } from '../src/compare/compare.js';
import { renderHtmlReport } from '../src/report/htmlReport.js';
import { escapeHtml } from '../src/report/svg.js';
import type { ResultsDocument } from '../src/results/schema.js';
import { run, type ProgressEvent } from '../src/run.js';
import { cliPath } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'schedcost-report-'));
const doc = await run({ trials: 2, samplesScale: 0.05 });
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
  hostile.warnings.push('<b>warning</b>');
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

test('schedcost report writes the file; run --html too', () => {
  const results = join(dir, 'r.json');
  writeFileSync(results, JSON.stringify(doc));
  const out = join(dir, 'r.html');
  const r = spawnSync(process.execPath, [cliPath, 'report', results, '-o', out], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.ok(readFileSync(out, 'utf8').includes('</html>'));
  assert.equal(
    spawnSync(process.execPath, [cliPath, 'report', results, '-o', out], { encoding: 'utf8' }).status,
    2,
    'exists without --force',
  );
  const html = join(dir, 'run.html');
  const ran = spawnSync(
    process.execPath,
    [cliPath, 'run', '--probes', 'syscall', '--trials', '1', '--scale', '0.02', '--html', html, '--quiet'],
    { encoding: 'utf8' },
  );
  assert.equal(ran.status, 0, ran.stderr);
  assert.ok(readFileSync(html, 'utf8').includes('chart-cdf'));
});

const chromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));

test(
  'a real browser renders every chart without console errors',
  { skip: chromium ? false : 'chromium is not installed (.ci/run installs it)' },
  () => {
    const html = join(dir, 'browser.html');
    writeFileSync(html, renderHtmlReport([{ name: 'run.json', doc }]));
    const flags = [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--user-data-dir=${mkdtempSync(join(dir, 'profile-'))}`,
      '--enable-logging=stderr',
      '--v=0',
    ];
    const dom = spawnSync(chromium!, [...flags, '--dump-dom', `file://${html}`], {
      encoding: 'utf8',
      timeout: 120_000,
    });
    assert.equal(dom.status, 0, dom.stderr);
    const svgs = count(dom.stdout, '<svg');
    assert.equal(svgs, count(readFileSync(html, 'utf8'), '<svg'), 'every chart is in the rendered DOM');
    assert.ok(svgs >= 15);
    // An empty or broken chart is one whose SVG drew nothing: every figure must hold marks.
    const figures = dom.stdout.match(/<figure class="chart-[^"]+">[\s\S]*?<\/figure>/g) ?? [];
    assert.equal(figures.length, svgs);
    for (const figure of figures)
      assert.match(figure, /<(polyline|rect|line)\b/, `an empty chart: ${figure.slice(0, 120)}`);
    // The story comes first: the verdicts before any distribution.
    assert.ok(dom.stdout.indexOf('Verdicts on the proposal') < dom.stdout.indexOf('Latency distributions'));
    assert.doesNotMatch(dom.stderr, /CONSOLE\(\d+\)|Uncaught/);
    const screenshot = join(process.cwd(), 'report-screenshot.png');
    const shot = spawnSync(
      chromium!,
      [...flags, `--screenshot=${screenshot}`, '--window-size=1280,2400', `file://${html}`],
      { encoding: 'utf8', timeout: 120_000 },
    );
    assert.equal(shot.status, 0, shot.stderr);
    assert.ok(readFileSync(screenshot).length > 10_000);
  },
);
