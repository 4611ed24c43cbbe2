// Whether `run` measures the real Go runtime: by default when the run
// includes a strategy (the runtime stands beside them, and the claims about it
// are judged on it); not with --no-go, nor in the runs `ab` starts.
import { isStrategy } from '../catalogue/index.js';

/** Set (to anything) to skip the Go runtime, as --no-go does: what `ab` sets for the runs it starts. */
export const NO_GO_ENV_VAR = 'SCHEDCOST_NO_GO';

export function measuresGo(go: boolean | undefined, probes: string[] | undefined): boolean {
  if (go === false || process.env[NO_GO_ENV_VAR]) return false;
  return probes === undefined || probes.some(isStrategy);
}
