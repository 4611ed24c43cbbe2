// A worker process: runs one trial round (round.ts) for its parent and sends
// every event back over IPC. A fresh process per round gives each trial its
// own thread sets and process state, so trials vary as separate runs do.
import { addon } from '../native.js';
import { runRound, type RoundJob } from './round.js';

type ParentMessage = { kind: 'job'; job: RoundJob } | { kind: 'cancel' };

let cancelled = false;

process.on('message', (message: ParentMessage) => {
  if (message.kind === 'cancel') {
    cancelled = true;
    if (addon().isRunning()) addon().cancel();
    return;
  }
  void runRound(
    message.job,
    (event) => process.send!(event),
    () => cancelled,
  ).then(() => process.disconnect());
});
// The parent handles Ctrl-C and tells this worker; the terminal's SIGINT to the group is not for us.
process.on('SIGINT', () => {});
// A parent that is gone (a second Ctrl-C exits it at once) leaves nobody to report to: stop.
process.on('disconnect', () => {
  cancelled = true;
  if (addon().isRunning()) addon().cancel();
  setTimeout(() => process.exit(0), 1000).unref();
});
