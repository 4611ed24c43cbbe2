// One simulated configuration: which workload, strategy, host size and load.
import type { Scenario } from './wakeCosts.js';
import type { Pattern } from './wakeWorkload.js';

type WorkloadKind = 'wakes' | 'syscalls' | 'emulation';

export interface RunSpec {
  workload: WorkloadKind;
  scenario: Scenario;
  strategy: string;
  cpus: number;
  tasks: number;
  procs: number;
  computeNs: number;
  syscallNs: number;
  pattern: Pattern;
  messagesPerTask: number;
  workingSetBytes: number;
  idleSpinNs: number;
  /** syscall paths: a task yields its P after this long when others wait. */
  goSliceNs: number;
  sysmonTickNs: number;
  /** emulation only: the measured configuration's gap, scheduler placement, slice and idle nap. */
  gapMinNs: number;
  gapMaxNs: number;
  schedulerOnWakerCpu: boolean;
  wakerSliceNs: number;
  idleSleepNs: number;
  events: number;
  seed: number;
  /** Validation: the trial round whose primitives drive the run. */
  trial?: number;
}
