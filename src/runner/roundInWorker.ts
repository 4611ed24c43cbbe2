// The parent's side of a worker round: fork worker.ts, send the job, turn its
// messages into events. A worker that dies mid-round fails the run it was
// measuring; the rest of the round goes on in a fresh worker.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { DiagnosticCode } from '../catalogue/index.js';
import type { RoundEvent, RoundJob } from './round.js';

const WORKER = fileURLToPath(new URL('./worker.js', import.meta.url));

function oneWorker(job: RoundJob, emit: (event: RoundEvent) => void, signal?: AbortSignal): Promise<number[]> {
  return new Promise((resolve) => {
    const child = fork(WORKER, [], { serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const remaining = new Set(job.indices);
    let current: number | undefined;
    let finished = false;
    const onAbort = () => child.connected && child.send({ kind: 'cancel' });
    signal?.addEventListener('abort', onAbort);
    child.on('message', (event: RoundEvent) => {
      if (event.kind === 'start') current = event.index;
      if (event.kind === 'measured' || event.kind === 'failed') {
        remaining.delete(event.index);
        current = undefined;
      }
      if (event.kind === 'cancelled') finished = true;
      emit(event);
    });
    // Settle once the process has exited and its IPC channel has closed: the
    // channel's last messages can arrive after 'exit', never after 'disconnect'.
    let exit: { code: number | null; exitSignal: NodeJS.Signals | null } | undefined;
    let disconnected = false;
    child.on('exit', (code, exitSignal) => {
      exit = { code, exitSignal };
      if (disconnected) settle(exit);
    });
    child.on('disconnect', () => {
      disconnected = true;
      if (exit) settle(exit);
    });
    const settle = ({ code, exitSignal }: { code: number | null; exitSignal: NodeJS.Signals | null }) => {
      signal?.removeEventListener('abort', onAbort);
      const howExited = exitSignal ?? `exit ${code}`;
      if (current !== undefined) {
        emit({
          kind: 'failed',
          index: current,
          reason: { code: DiagnosticCode.workerDied, params: { exit: howExited } },
        });
        remaining.delete(current);
      }
      const left = finished || signal?.aborted ? [] : [...remaining];
      // A worker that died before measuring anything will not do better next time.
      if (left.length === job.indices.length) {
        for (const index of left)
          emit({ kind: 'failed', index, reason: { code: DiagnosticCode.workerNotRun, params: { exit: howExited } } });
        return resolve([]);
      }
      resolve(left);
    };
    child.send({ kind: 'job', job });
  });
}

/** Runs a round in worker processes; resolves once every index was measured, failed, or the round was cancelled. */
export async function roundInWorker(
  job: RoundJob,
  emit: (event: RoundEvent) => void,
  signal?: AbortSignal,
): Promise<void> {
  let left = await oneWorker(job, emit, signal);
  while (left.length > 0 && !signal?.aborted)
    left = await oneWorker({ ...job, indices: left, calibrate: false }, emit, signal);
}
