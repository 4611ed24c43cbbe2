// Progress of a run on stderr: a live bar with the probe, trial and ETA on
// a TTY; in logs (CI), one plain line per probe when its last trial ends.
import { SingleBar } from 'cli-progress';
import type { ProgressEvent } from '../run.js';
import { colourEnabled } from './terminal.js';

export interface ProgressReporter {
  update(event: ProgressEvent): void;
  stop(): void;
}

export function progressReporter(stream: NodeJS.WriteStream & { isTTY?: boolean }, quiet: boolean): ProgressReporter {
  if (quiet) return { update() {}, stop() {} };
  if (!stream.isTTY)
    return {
      update(event) {
        if (event.phase === 'done' && event.trial === event.trials)
          stream.write(`schedcost: ${event.probe} ${event.placement}: ${event.status} (${event.trials} trials)\n`);
      },
      stop() {},
    };
  const bar = new SingleBar({
    stream,
    format: `{bar} {percentage}% | {probe} {placement} | trial {trial}/{trials} | ETA {eta_formatted}`,
    barCompleteChar: '█',
    barIncompleteChar: '░',
    hideCursor: true,
    clearOnComplete: true,
    etaBuffer: 20,
    noTTYOutput: false,
    ...(colourEnabled(stream) ? {} : { barCompleteChar: '#', barIncompleteChar: '-' }),
  });
  let started = false;
  let doneMs = 0;
  return {
    update(event) {
      const payload = { probe: event.probe, placement: event.placement, trial: event.trial, trials: event.trials };
      if (!started) {
        bar.start(Math.max(1, Math.round(event.totalEstimateMs)), 0, payload);
        started = true;
      }
      if (event.phase === 'done') doneMs += event.estimateMs;
      bar.update(Math.round(doneMs), payload);
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
