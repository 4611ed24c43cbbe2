// Whether `run` measures the real Go runtime: by default when the run
// includes a strategy (the runtime stands beside them, and the claims about it
// are judged on it); not with --no-go, nor in the runs `ab` starts.
import { isStrategy } from '../catalogue/index.js';

/** Set to 1 to skip the Go runtime, as --no-go does: what `ab` sets for the runs it starts. */
export const NO_GO_ENV_VAR = 'SCHEDCOST_NO_GO';

/** `withGo` (the old --with-go) asks for the runtime whatever the probes; --no-go and the variable skip it. */
export function measuresGo(go: boolean | undefined, probes: string[] | undefined, withGo = false): boolean {
  if (go === false || process.env[NO_GO_ENV_VAR] === '1') return false;
  return withGo || probes === undefined || probes.some(isStrategy);
}
