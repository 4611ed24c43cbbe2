// `schedcost report` and `run --html` as commands, and the report in a real browser.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { renderHtmlReport } from '../../src/report/htmlReport.js';
import { cliPath, quickRunFixture } from '../support/helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'schedcost-report-'));
const doc = quickRunFixture();
const count = (html: string, needle: string) => html.split(needle).length - 1;

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
