// The syscall-path configuration claims 5 and 7 read: the catalogue's
// defaults (4 tasks on 1 P, 50 µs nanosleep), which both suites measure.
import { Param, probeSpec, Probe, defaultSet } from '../../catalogue/index.js';

export function contendedSyscalls(): Record<string, number> {
  const defaults = defaultSet(probeSpec(Probe.syscallHold)!);
  const pick = [Param.tasks, Param.tokens, Param.syscallNs, Param.syscallKind];
  return Object.fromEntries(pick.map((name) => [name, defaults[name] as number]));
}
