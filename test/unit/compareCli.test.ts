// `schedcost compare` as CI runs it: several baselines --against a new file,
// directories of baselines, exit codes, and GitHub Actions' step summary and
// annotations.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { scaleMetrics } from '../../src/compare/scaleLatencies.js';
import { githubAnnotations } from '../../src/report/comparisonText.js';
import { compareDocuments } from '../../src/compare/compare.js';
import type { ResultsDocument } from '../../src/results/schema.js';
import { cliPath, realQuickPair } from '../support/helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'schedcost-compare-cli-'));
// Two consecutive real quick runs (kept), and the second with one metric 50% slower.
const [doc, nextDoc] = realQuickPair();
const getppid = doc.probes.flatMap((p) => p.metrics).find((m) => m.id.startsWith('syscall/getppid@'))!.id;
const slowerDoc = scaleMetrics(nextDoc, 1.5, { metricIds: new Set([getppid]) });

function write(name: string, d: ResultsDocument): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(d));
  return path;
}

function cli(args: string[], env: NodeJS.ProcessEnv = {}) {
  const { GITHUB_ACTIONS: _actions, GITHUB_STEP_SUMMARY: _summary, ...rest } = process.env;
  const r = spawnSync(process.execPath, [cliPath, 'compare', ...args], {
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...rest, ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const base = write('base.json', doc);
const next = write('next.json', nextDoc);
const slower = write('slower.json', slowerDoc);

test('a real A/A pair exits 0 and the footer states the gate, never "coverage ≥ 0.0%"', () => {
  const r = cli([base, next]);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /^Gate: \d+ of \d+ gated rows judged/m);
  assert.match(r.stdout, /Benjamini–Hochberg at a false discovery rate of 0\.05/);
  assert.match(r.stdout, /No regression in \d+ judged gated rows/);
  assert.doesNotMatch(r.stdout, /0\.0%\]/);
});

test('one metric 50% slower exits 1 naming it; --fail-on never exits 0', () => {
  const r = cli([base, slower]);
  assert.equal(r.code, 1, r.stdout + r.stderr);
  assert.match(r.stdout, /^syscall\/getppid@single-cpu\{batch=100\} .*regressed/m);
  assert.match(r.stdout, /REGRESSED/);
  assert.equal(cli([base, slower, '--fail-on', 'never']).code, 0);
});

test('several baselines, as files or a directory, --against a new file', () => {
  const runs = join(dir, 'baselines');
  mkdirSync(runs);
  for (const [i, d] of [doc, nextDoc, doc].entries()) writeFileSync(join(runs, `run-${i + 1}.json`), JSON.stringify(d));
  const same = cli([runs, '--against', next]);
  assert.equal(same.code, 0, same.stdout + same.stderr);
  assert.match(same.stdout, /baseline \(3 runs\): .*run-1\.json, .*run-2\.json, .*run-3\.json/);
  assert.match(same.stdout, /3 runs pooled/);
  assert.equal(cli([join(runs, 'run-1.json'), join(runs, 'run-2.json'), '--against', slower]).code, 1);
  const noAgainst = cli([runs, base]);
  assert.equal(noAgainst.code, 2);
  assert.match(noAgainst.stderr, /needs --against/);
  const empty = join(dir, 'empty');
  mkdirSync(empty);
  assert.equal(cli([empty, '--against', base]).code, 2);
});

test('a truncated file exits 2; a document with one trial a side exits 3', () => {
  const truncated = join(dir, 'truncated.json');
  writeFileSync(truncated, readFileSync(base, 'utf8').slice(0, 200));
  assert.equal(cli([base, truncated]).code, 2);
  const one = structuredClone(doc);
  for (const p of one.probes) for (const m of p.metrics) m.trials = m.trials.slice(0, 1);
  one.rounds = one.rounds?.slice(0, 1);
  const r = cli([write('one.json', one), write('one-again.json', one)]);
  assert.equal(r.code, 3);
  assert.match(r.stdout, /need at least 4 trials/);
  assert.match(r.stdout, /Nothing gated could be judged/);
});

test('under GitHub Actions: the step summary gets the Markdown, regressions become ::error annotations', () => {
  const summary = join(dir, 'summary.md');
  writeFileSync(summary, '');
  const r = cli([base, slower], { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary });
  assert.equal(r.code, 1);
  assert.match(r.stdout, /^::error title=schedcost%3A regression::syscall\/getppid@single-cpu/m);
  const md = readFileSync(summary, 'utf8');
  assert.match(md, /^### schedcost compare/m);
  assert.match(md, /^\| metric \|/m);
  // JSON output stays JSON: annotations go to stderr.
  const json = cli([base, slower, '--format', 'json'], { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary });
  assert.doesNotThrow(() => JSON.parse(json.stdout) as unknown);
  assert.match(json.stderr, /^::error /m);
  // Outside GitHub Actions: nothing of the kind.
  assert.doesNotMatch(cli([base, slower]).stdout, /^::/m);
});

test('annotations: escaped, warnings for rows that cannot be judged, at most 10 of a kind', () => {
  const one = structuredClone(doc);
  for (const p of one.probes) for (const m of p.metrics) m.trials = m.trials.slice(0, 2);
  const notJudged = githubAnnotations([{ base: 'a,b.json', next: 'n.json', comparison: compareDocuments(one, one) }]);
  assert.ok(notJudged.length > 0);
  assert.ok(notJudged.every((line) => line.startsWith('::warning title=schedcost%3A not judged::')));
  const many = Array.from({ length: 12 }, (_, i) => ({
    base: 'b%',
    next: `n${i}\nx`,
    comparison: compareDocuments(doc, slowerDoc),
  }));
  const errors = githubAnnotations(many).filter((l) => l.startsWith('::error'));
  assert.equal(errors.length, 10);
  assert.match(errors[9]!, /more \(see the step summary\)/);
  assert.ok(errors.slice(0, 9).every((l) => l.includes('%0Ax') && l.includes('b%25') && !l.includes('\n')));
  assert.ok(githubAnnotations(many, 'never').every((l) => l.startsWith('::warning')));
});
