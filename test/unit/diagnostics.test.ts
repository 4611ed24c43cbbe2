// Warnings as data: what the native core emits is checked against the codes
// it may use, and every code has its words.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DiagnosticCode } from '../../src/catalogue/index.js';
import { diagnosticText } from '../../src/report/diagnosticText.js';
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
