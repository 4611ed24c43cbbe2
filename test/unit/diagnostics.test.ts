// Warnings as data: what the native core emits is checked against the codes
// it may use, and every code has its words.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DiagnosticCode } from '../../src/catalogue/index.js';
import { diagnosticText } from '../../src/report/diagnosticText.js';
import { rowNotesText } from '../../src/report/rowNoteText.js';
import { nativeDiagnostic } from '../../src/results/diagnostics.js';

test("the native core's warnings become their codes; an unknown one is kept, code and all, as text", () => {
  assert.deepEqual(nativeDiagnostic({ code: 'realtime-refused', params: { role: 'waker', error: 'EPERM' } }), {
    code: DiagnosticCode.realtimeRefused,
    params: { role: 'waker', error: 'EPERM' },
  });
  assert.deepEqual(nativeDiagnostic({ code: 'preemption-wakee-not-fifo', params: { error: 'EPERM' } }), {
    code: DiagnosticCode.preemptionWakeeNotFifo,
    params: { error: 'EPERM' },
  });
  const unknown = nativeDiagnostic({ code: 'new-thing', params: { cpu: '3' } });
  assert.equal(unknown.code, DiagnosticCode.text);
  assert.match(diagnosticText(unknown), /^new-thing .*"cpu":"3"/);
  // A known code missing a parameter is not passed off as complete.
  assert.equal(nativeDiagnostic({ code: 'realtime-refused', params: { role: 'waker' } }).code, DiagnosticCode.text);
});

test('a failure, skip or disturbance reason is data in the document and words only at output', () => {
  const words: [Parameters<typeof diagnosticText>[0], string][] = [
    [{ code: DiagnosticCode.onlyOneCpu, params: { cpu: 3 } }, 'only one CPU (3) is available to the run'],
    [{ code: DiagnosticCode.workerDied, params: { exit: 'SIGKILL' } }, 'the worker process died (SIGKILL)'],
    [{ code: DiagnosticCode.probeError, params: { errorCode: 'RangeError', message: 'CPU 7' } }, 'RangeError: CPU 7'],
    [
      { code: DiagnosticCode.hypervisorSteal, params: { cpu: 1, stealNs: 40e6, wallNs: 1e9 } },
      'the hypervisor stole 40.0 ms (4.0% of the trial) from CPU 1',
    ],
    [
      { code: DiagnosticCode.otherTasksRan, params: { cpus: [0, 1], cpuNs: 80e6, wallNs: 1e9 } },
      "other tasks ran 80.0 ms (8.0% of the trial's wall time) on CPUs 0,1",
    ],
    [
      { code: DiagnosticCode.rolePreempted, params: { role: 'waker', switches: 11, limit: 10, samples: 1000 } },
      'the waker thread was preempted 11 times (more than 10, 1% of 1000 samples)',
    ],
  ];
  for (const [diagnostic, text] of words) assert.equal(diagnosticText(diagnostic), text);
  const disturbed = diagnosticText({
    code: DiagnosticCode.trialsDisturbed,
    params: { disturbed: 1, trials: 5, firstTrial: 2, reasons: [words[3]![0], words[4]![0]] as never },
  });
  assert.ok(disturbed.includes(`${words[3]![1]}; ${words[4]![1]}`), disturbed);
});

test("a compared row's notes are data; their words are written by the report", () => {
  assert.equal(
    rowNotesText([
      { code: DiagnosticCode.tooFewTrials, params: { baseTrials: 2, nextTrials: 3, needed: 4 } },
      { code: DiagnosticCode.noData, params: { side: 'base' } },
    ]),
    '2 vs 3 trials with data; need at least 4 trials on each side; no trials with data in the baseline',
  );
  assert.equal(
    rowNotesText([
      {
        code: DiagnosticCode.correctionNotSurvived,
        params: { pValue: 0.0031, direction: 'rise', familyRows: 3, qValue: 0.0093, alpha: 0.005 },
      },
    ]),
    "beyond the threshold, but p = 0.0031 (a rise) does not survive the correction within its probe's 3 rows (q = 0.0093 > 0.005)",
  );
  assert.equal(rowNotesText([]), '');
});
